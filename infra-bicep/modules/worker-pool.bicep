// One LiverScreen worker pool as a Container App: `liverscreen worker --pool <pool>`, secrets from Key Vault through
// the workers' identity, and one KEDA azure-servicebus rule per queue the pool consumes, so each pool scales on the
// depth of its own stages' queues.

param name string
param location string
param environmentId string
param workloadProfileName string
param identityId string
param image string

@allowed([
  'gpu'
  'cpu'
])
param pool string

@description('vCPUs per replica, as a string (Container Apps takes a decimal).')
param cpu string
param memory string
param queues array
param serviceBusNamespace string
param messagesPerReplica int
param minReplicas int
param maxReplicas int

@description('Key Vault URI and the names of the blob, Service Bus and results secrets.')
param secrets object

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: [
        {
          name: 'blob-connection-string'
          keyVaultUrl: '${secrets.vaultUri}secrets/${secrets.blob}'
          identity: identityId
        }
        {
          name: 'servicebus-connection-string'
          keyVaultUrl: '${secrets.vaultUri}secrets/${secrets.serviceBus}'
          identity: identityId
        }
        {
          name: 'results-connection-string'
          keyVaultUrl: '${secrets.vaultUri}secrets/${secrets.results}'
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: image
          args: [
            'worker'
            '--pool'
            pool
          ]
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            {
              name: 'Transport__Kind'
              value: 'AzureServiceBus'
            }
            {
              name: 'Transport__AzureServiceBus__ConnectionString'
              secretRef: 'servicebus-connection-string'
            }
            {
              name: 'Storage__Kind'
              value: 'AzureBlob'
            }
            {
              name: 'Storage__AzureBlob__ConnectionString'
              secretRef: 'blob-connection-string'
            }
            {
              name: 'Storage__AzureBlob__Container'
              value: 'liverscreen'
            }
            {
              name: 'Database__Kind'
              value: 'Postgres'
            }
            {
              name: 'ConnectionStrings__Results'
              secretRef: 'results-connection-string'
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [for queue in queues: {
          name: '${queue}-depth'
          custom: {
            type: 'azure-servicebus'
            metadata: {
              queueName: queue
              namespace: serviceBusNamespace
              messageCount: string(messagesPerReplica)
            }
            auth: [
              {
                secretRef: 'servicebus-connection-string'
                triggerParameter: 'connection'
              }
            ]
          }
        }]
      }
    }
  }
}

output appName string = app.name
