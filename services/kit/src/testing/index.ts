export * from './database.ts'
export * from './processes.ts'
export * from './wait.ts'
export * from './metrics.ts'
