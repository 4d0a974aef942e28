import { runService } from '@shopfront/kit'
import { support } from './service.ts'

runService(support)
