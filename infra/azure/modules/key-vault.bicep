// Key Vault holding Conduct's secrets. Access is by Azure RBAC only: the web app's managed identity
// is granted "Key Vault Secrets User" in app-service.bicep; nobody gets access policies.
param name string
param location string
param tenantId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
