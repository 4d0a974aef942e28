import { runService } from '@shopfront/kit'
import { web } from './service.ts'

runService(web)
