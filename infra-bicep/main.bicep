// LiverScreen distributed mode on Azure: blob storage for volumes and results, Service Bus with one queue per stage
// endpoint, PostgreSQL for the results database, two worker pools on Container Apps (GPU: segment + reclassify;
// CPU: ingest, align, triage, aggregation) scaled by KEDA on their queues' depth, Key Vault for every secret,
// Log Analytics for logs. No secret is a literal here: connection strings are computed at deployment and stored
// in Key Vault; containers read them through Key Vault references with a user-assigned identity.
targetScope = 'resourceGroup'

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Short prefix for resource names (3-11 lowercase letters or digits).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'lscreen'

@description('PostgreSQL administrator login.')
param postgresAdminLogin string = 'liverscreen'

@description('PostgreSQL administrator password: pass it on the command line or from a pipeline secret, never in a file.')
@secure()
param postgresAdminPassword string

@description('Worker image (the liverscreen CLI; the pool is chosen by its arguments).')
param workerImage string

@description('Stage endpoint queues: exactly the receive-endpoint names of the pipeline (docs/pipeline.md, EndpointNames).')
param stageQueues array = [
  'liverscreen-ingest'
  'liverscreen-align'
  'liverscreen-segment'
  'liverscreen-reclassify'
  'liverscreen-triage'
  'liverscreen-batch-tracking'
  'liverscreen-stage-faults'
]

@description('Container Apps serverless GPU profile type for the GPU pool.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Replica bounds for the GPU pool (0 lets it scale to zero when its queues are empty).')
param gpuMinReplicas int = 0
param gpuMaxReplicas int = 4

@description('Replica bounds for the CPU pool.')
param cpuMinReplicas int = 1
param cpuMaxReplicas int = 10

@description('Messages waiting per replica before KEDA adds one (GPU studies are slow, so a small number).')
param gpuMessagesPerReplica int = 2
param cpuMessagesPerReplica int = 8

@description('Log retention in days.')
param logRetentionDays int = 30

var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  logs: '${namePrefix}-logs-${suffix}'
  storage: toLower(take('${namePrefix}st${suffix}', 24))
  serviceBus: '${namePrefix}-sb-${suffix}'
  postgres: '${namePrefix}-pg-${suffix}'
  keyVault: take('${namePrefix}-kv-${suffix}', 24)
  identity: '${namePrefix}-workers-id'
  environment: '${namePrefix}-env'
}
var blobContainerName = 'liverscreen'
var resultsDatabaseName = 'liverscreen'
// Built-in role: Key Vault Secrets User (read secret values).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: names.logs
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: names.storage
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource blobContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: blobContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: names.serviceBus
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    minimumTlsVersion: '1.2'
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = [for queue in stageQueues: {
  parent: serviceBus
  name: queue
  properties: {
    // A study's stage may run minutes on a busy GPU pool; the consumer renews the lock, this is the floor.
    lockDuration: 'PT5M'
    maxDeliveryCount: 5
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P7D'
  }
}]

resource serviceBusRoot 'Microsoft.ServiceBus/namespaces/authorizationRules@2022-10-01-preview' existing = {
  parent: serviceBus
  name: 'RootManageSharedAccessKey'
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: names.postgres
  location: location
  sku: {
    name: 'Standard_B2s'
    tier: 'Burstable'
  }
  properties: {
    version: '15'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 64
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource resultsDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: postgres
  name: resultsDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Container Apps reach the server over its public endpoint with TLS; a VNet-integrated deployment would replace this rule.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource workersIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.keyVault
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
  }
}

resource workersReadSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, workersIdentity.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: workersIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'blob-connection-string'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource serviceBusSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'servicebus-connection-string'
  properties: {
    value: serviceBusRoot.listKeys().primaryConnectionString
  }
}

resource postgresSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'results-connection-string'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${resultsDatabaseName};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

resource appsEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: names.environment
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: 'gpu'
        workloadProfileType: gpuProfileType
      }
    ]
  }
}

var secretRefs = {
  vaultUri: keyVault.properties.vaultUri
  blob: blobSecret.name
  serviceBus: serviceBusSecret.name
  results: postgresSecret.name
}

module gpuPool 'modules/worker-pool.bicep' = {
  name: 'worker-pool-gpu'
  params: {
    name: '${namePrefix}-worker-gpu'
    location: location
    environmentId: appsEnvironment.id
    workloadProfileName: 'gpu'
    identityId: workersIdentity.id
    image: workerImage
    pool: 'gpu'
    cpu: '8.0'
    memory: '56Gi'
    queues: [
      'liverscreen-segment'
      'liverscreen-reclassify'
    ]
    serviceBusNamespace: serviceBus.name
    messagesPerReplica: gpuMessagesPerReplica
    minReplicas: gpuMinReplicas
    maxReplicas: gpuMaxReplicas
    secrets: secretRefs
  }
  dependsOn: [
    workersReadSecrets
    queues
  ]
}

module cpuPool 'modules/worker-pool.bicep' = {
  name: 'worker-pool-cpu'
  params: {
    name: '${namePrefix}-worker-cpu'
    location: location
    environmentId: appsEnvironment.id
    workloadProfileName: 'Consumption'
    identityId: workersIdentity.id
    image: workerImage
    pool: 'cpu'
    cpu: '2.0'
    memory: '4Gi'
    queues: [
      'liverscreen-ingest'
      'liverscreen-align'
      'liverscreen-triage'
      'liverscreen-batch-tracking'
      'liverscreen-stage-faults'
    ]
    serviceBusNamespace: serviceBus.name
    messagesPerReplica: cpuMessagesPerReplica
    minReplicas: cpuMinReplicas
    maxReplicas: cpuMaxReplicas
    secrets: secretRefs
  }
  dependsOn: [
    workersReadSecrets
    queues
  ]
}

output blobEndpoint string = storage.properties.primaryEndpoints.blob
output blobContainer string = blobContainerName
output serviceBusNamespace string = serviceBus.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
output keyVaultUri string = keyVault.properties.vaultUri
output logAnalyticsWorkspaceId string = logs.id
output workerApps array = [
  gpuPool.outputs.appName
  cpuPool.outputs.appName
]
