// Conduct on Azure: App Service (Linux, Node LTS), Azure Bot with the Teams channel, Key Vault for
// secrets, Application Insights, and the database (Azure Cosmos DB for MongoDB vCore, or any
// MongoDB the school already has, such as Atlas, given as externalMongodbUri). Deploy it into one
// resource group:
//   az deployment group create -g <group> -f infra/azure/main.bicep -p infra/azure/main.bicepparam
// docs/deploy.md walks through every parameter.
targetScope = 'resourceGroup'

@description('Name of the web app; unless customHostName is set, Teams reaches Conduct on https://<appName>.azurewebsites.net.')
@minLength(2)
@maxLength(40)
param appName string

@description('Azure region for everything except the bot (which is global).')
param location string = resourceGroup().location

@description('The Entra app registration (client) id: the bot\'s Microsoft app id and the tab\'s SSO app.')
param botAppId string

@description('A client secret of that app registration. Stored in Key Vault only.')
@secure()
param botAppPassword string

@description('The Entra tenant of the school or trust. Conduct serves this one tenant.')
param tenantId string = tenant().tenantId

@description('A host name of your own already bound to the web app (e.g. conduct.oakfield.sch.uk); empty to use <appName>.azurewebsites.net.')
param customHostName string = ''

@description('The key that encrypts concerns about a child at rest: 32 random bytes in base64 (openssl rand -base64 32). Stored in Key Vault only; keep a copy safe, as records sealed with it cannot be read without it.')
@secure()
param incidentEncryptionKey string

@description('The key sealing the audit trail (HMAC-SHA-256): 32 random bytes in base64 (openssl rand -base64 32). Stored in Key Vault only; without it the trail cannot be verified.')
@secure()
param auditHmacKey string

@description('A Teams channel conversation id (19:…@thread.tacv2) told of new incident reports instead of the people holding the responsible role; empty to tell the people. Safeguarding concerns always go to the safeguarding leads only.')
param incidentChannelConversationId string = ''

@description('A MongoDB connection string of your own (MongoDB Atlas, a replica set…). Empty: an Azure Cosmos DB for MongoDB vCore cluster is created instead. Stored in Key Vault only.')
@secure()
param externalMongodbUri string = ''

@description('Without externalMongodbUri: the new cluster\'s administrator password (8–256 characters). Stored in Key Vault only, inside the connection string.')
@secure()
param cosmosAdminPassword string = ''

@description('Without externalMongodbUri: the cluster tier (M10 and up; Free for a trial).')
param cosmosTier string = 'M10'

@description('App Service plan size. B1 suits one school; choose P0v3 or above for a trust.')
param appServicePlanSku string = 'B1'

@description('Conduct\'s id in your tenant\'s Teams app catalog, known once the app package is uploaded (docs/deploy.md, step 5). Empty until then: Conduct cannot install itself for people who have not opened it.')
param teamsAppCatalogId string = ''

@description('Log detail: fatal, error, warn, info, debug, trace or silent.')
param logLevel string = 'info'

@description('When reminders may be sent, e.g. "Mon-Fri 08:00-17:00".')
param reminderWindow string = 'Mon-Fri 08:00-17:00'

@description('The time zone reminder windows are read in.')
param timeZone string = 'Europe/London'

var suffix = uniqueString(resourceGroup().id, appName)
var publicHost = empty(customHostName) ? '${appName}.azurewebsites.net' : customHostName
var loginHost = environment().authentication.loginEndpoint

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { name: appName, location: location }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: take('kv-${suffix}', 24)
    location: location
    tenantId: tenantId
  }
}

module appPassword 'modules/secret.bicep' = {
  name: 'microsoft-app-password-secret'
  params: { keyVaultName: vault.outputs.name, name: 'microsoft-app-password', value: botAppPassword }
}

module incidentKey 'modules/secret.bicep' = {
  name: 'incident-encryption-key-secret'
  params: { keyVaultName: vault.outputs.name, name: 'incident-encryption-key', value: incidentEncryptionKey }
}

module auditKey 'modules/secret.bicep' = {
  name: 'audit-hmac-key-secret'
  params: { keyVaultName: vault.outputs.name, name: 'audit-hmac-key', value: auditHmacKey }
}

module mongo 'modules/database.bicep' = {
  name: 'database'
  params: {
    createCluster: empty(externalMongodbUri)
    clusterName: toLower('${take(appName, 30)}-${take(suffix, 6)}')
    location: location
    tier: cosmosTier
    adminPassword: cosmosAdminPassword
    externalUri: externalMongodbUri
    keyVaultName: vault.outputs.name
    secretName: 'mongodb-uri'
  }
}

// A Key Vault reference, which App Service resolves with the web app's managed identity.
func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

// Every setting Conduct reads (configKeys in src/config.ts), and only those: test/infra checks this
// list against the code. An empty value means Conduct's own default (see .env.example), so defaults
// live in one place. Secrets (MONGODB_URI and any key ending in _SECRET, _PASSWORD or _KEY) are Key
// Vault references: for a new one, add a @secure() param and a 'modules/secret.bicep' module as for
// MICROSOFT_APP_PASSWORD, and pass it through main.bicepparam from an environment variable.
var conductSettings = {
  NODE_ENV: 'production'
  HOST: '0.0.0.0'
  PORT: '8080'
  LOG_LEVEL: logLevel
  SHUTDOWN_TIMEOUT_MS: ''
  MONGODB_URI: keyVaultReference(mongo.outputs.secretUri)
  MONGODB_DB: 'conduct'
  MICROSOFT_APP_ID: botAppId
  MICROSOFT_APP_PASSWORD: keyVaultReference(appPassword.outputs.uri)
  MICROSOFT_APP_TENANT_ID: tenantId
  PUBLIC_BASE_URL: 'https://${publicHost}'
  BOT_TRUSTED_SERVICE_URLS: ''
  TEAMS_SEND_RATE_PER_SECOND: ''
  BOT_TURNS_PER_MINUTE: ''
  TEAMS_SEND_MAX_ATTEMPTS: ''
  CAMPAIGN_CLAIM_TIMEOUT_MS: ''
  JOBS_POLL_INTERVAL_MS: ''
  JOBS_LOCK_LIFETIME_MS: ''
  REMINDER_WINDOW: reminderWindow
  TIME_ZONE: timeZone
  AUTH_ISSUER: '${loginHost}${tenantId}/v2.0'
  AUTH_AUDIENCE: 'api://${publicHost}/botid-${botAppId},${botAppId}'
  ENTRA_AUTHORITY_HOST: loginHost
  GRAPH_BASE_URL: ''
  GRAPH_INSTALL_RATE_PER_SECOND: ''
  TEAMS_APP_CATALOG_ID: teamsAppCatalogId
  BOT_SERVICE_URL: ''
  DIRECTORY_SYNC_INTERVAL_MINUTES: ''
  INCIDENT_ENCRYPTION_KEY: keyVaultReference(incidentKey.outputs.uri)
  PASSWORD_RESET_URL: ''
  INCIDENT_ESCALATION_MINUTES: ''
  INCIDENT_URGENT_MINUTES: ''
  POLICY_REVIEW_NOTICE_DAYS: ''
  INCIDENT_CHANNEL_CONVERSATION_ID: incidentChannelConversationId
  AUDIT_HMAC_KEY: keyVaultReference(auditKey.outputs.uri)
}

module web 'modules/app-service.bicep' = {
  name: 'app-service'
  params: {
    name: appName
    location: location
    sku: appServicePlanSku
    settings: conductSettings
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    keyVaultName: vault.outputs.name
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: '${appName}-bot'
    appId: botAppId
    tenantId: tenantId
    endpoint: 'https://${publicHost}/api/messages'
  }
}

@description('Where Teams reaches Conduct; use it as PUBLIC_BASE_URL when packaging the Teams app.')
output publicBaseUrl string = 'https://${publicHost}'
@description('The Application ID URI to set on the app registration (Expose an API).')
output applicationIdUri string = 'api://${publicHost}/botid-${botAppId}'
@description('The web app the build is deployed to (az webapp deploy --name).')
output webAppName string = web.outputs.name
output keyVaultName string = vault.outputs.name
output botName string = bot.outputs.name
