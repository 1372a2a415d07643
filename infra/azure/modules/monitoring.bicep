// Application Insights (workspace-based) and the Log Analytics workspace it and the web app's
// console logs write to.
param name string
param location string

@description('How long logs are kept, in days.')
param retentionInDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Conduct's logs carry no personal data; IP addresses would be, so Application Insights drops them.
    DisableIpMasking: false
  }
}

output applicationInsightsConnectionString string = insights.properties.ConnectionString
output logAnalyticsWorkspaceId string = workspace.id
