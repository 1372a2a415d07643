// Conduct's MongoDB: an Azure Cosmos DB for MongoDB vCore cluster, or a connection string the school
// brings (MongoDB Atlas, its own replica set). Either way the connection string goes into Key Vault
// and nowhere else.
@description('true: create a Cosmos DB for MongoDB vCore cluster; false: use externalUri.')
param createCluster bool
param clusterName string
param location string
param tier string
param keyVaultName string
param secretName string

@secure()
param adminPassword string

@secure()
param externalUri string

var adminUser = 'conductadmin'

// The cluster reports its connection string with <user> and <password> left for us to fill.
func cosmosConnectionString(template string, user string, password string) string => replace(replace(template, '<user>', user), '<password>', uriComponent(password))

resource cluster 'Microsoft.DocumentDB/mongoClusters@2024-07-01' = if (createCluster) {
  name: clusterName
  location: location
  properties: {
    administrator: { userName: adminUser, password: adminPassword }
    serverVersion: '7.0'
    compute: { tier: tier }
    storage: { sizeGb: 32 }
    sharding: { shardCount: 1 }
    highAvailability: { targetMode: 'Disabled' }
    publicNetworkAccess: 'Enabled'
  }
}

// App Service's outbound addresses are shared Azure addresses, so the cluster admits Azure services
// (the 0.0.0.0 rule); the credentials in Key Vault are still needed to connect.
resource azureServices 'Microsoft.DocumentDB/mongoClusters/firewallRules@2024-07-01' = if (createCluster) {
  parent: cluster
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

module connectionString 'secret.bicep' = {
  name: 'mongodb-uri-secret'
  params: {
    keyVaultName: keyVaultName
    name: secretName
    value: createCluster ? cosmosConnectionString(cluster!.properties.connectionString, adminUser, adminPassword) : externalUri
  }
}

@description('The connection string secret\'s URI without a version, so App Service follows rotations.')
output secretUri string = connectionString.outputs.uri
