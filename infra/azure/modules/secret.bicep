// One secret in Conduct's Key Vault. The web app reads it through a Key Vault reference.
param keyVaultName string
param name string

@secure()
param value string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: name
  properties: { value: value }
}

@description('The secret\'s URI without a version, so App Service picks up a rotated value.')
output uri string = '${vault.properties.vaultUri}secrets/${secret.name}'
