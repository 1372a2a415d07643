// The web app running Conduct: App Service on Linux with Node LTS, started with `node dist/src/main.js`
// from the deployed build. Its managed identity reads secrets from Key Vault; its console (Conduct's
// JSON logs) and HTTP logs go to Log Analytics; Application Insights instruments it without code.
param name string
param location string
param sku string

@description('Conduct\'s own settings (environment variables), from main.bicep.')
param settings object
param applicationInsightsConnectionString string
param logAnalyticsWorkspaceId string
param keyVaultName string

@description('The Node.js LTS line App Service runs; Conduct is tested on Node 20 (package.json engines).')
param linuxFxVersion string = 'NODE|20-lts'

// Key Vault Secrets User: read secret values, nothing more.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

var platformSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
  // The deployed zip is already built (dist/ and production node_modules): no build on the server.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: sku }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'node --optimize-for-size dist/src/main.js'
      // Conduct runs scheduled work (reminders, sends) in-process, so the app must not idle out.
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Settings are applied once the identity may read the vault, so the Key Vault references resolve
// on the first start.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(platformSettings, settings)
  dependsOn: [readSecrets]
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'conduct-logs'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
