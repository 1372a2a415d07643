// Parameters for infra/azure/main.bicep, taken from the environment of the shell that runs the
// deployment, so nothing school-specific or secret is written into the repository
// (docs/deploy.md, step 3, lists the variables):
//   az deployment group create -g <group> -f infra/azure/main.bicep -p infra/azure/main.bicepparam
using 'main.bicep'

param appName = readEnvironmentVariable('CONDUCT_APP_NAME')
param botAppId = readEnvironmentVariable('CONDUCT_BOT_APP_ID')
param botAppPassword = readEnvironmentVariable('CONDUCT_BOT_APP_PASSWORD')
param incidentEncryptionKey = readEnvironmentVariable('CONDUCT_INCIDENT_ENCRYPTION_KEY')
param auditHmacKey = readEnvironmentVariable('CONDUCT_AUDIT_HMAC_KEY')
param incidentChannelConversationId = readEnvironmentVariable('CONDUCT_INCIDENT_CHANNEL_CONVERSATION_ID', '')
param customHostName = readEnvironmentVariable('CONDUCT_CUSTOM_HOST_NAME', '')

param cosmosAdminPassword = readEnvironmentVariable('CONDUCT_COSMOS_ADMIN_PASSWORD', '')
param cosmosTier = readEnvironmentVariable('CONDUCT_COSMOS_TIER', 'M10')
param externalMongodbUri = readEnvironmentVariable('CONDUCT_MONGODB_URI', '')

param appServicePlanSku = readEnvironmentVariable('CONDUCT_PLAN_SKU', 'B1')
param teamsAppCatalogId = readEnvironmentVariable('CONDUCT_TEAMS_APP_CATALOG_ID', '')
