// The Azure Bot that connects Teams to Conduct's /api/messages: single-tenant, using the same Entra
// app registration as the tab's SSO, with the Microsoft Teams channel switched on.
param name string
param appId string
param tenantId string
param endpoint string

@description('F0 is free and covers the Teams channel (a standard channel); S1 is only needed for premium channels.')
@allowed(['F0', 'S1'])
param sku string = 'F0'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  sku: { name: sku }
  properties: {
    displayName: 'Conduct'
    endpoint: endpoint
    msaAppId: appId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

output name string = bot.name
