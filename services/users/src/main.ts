import { runService } from '@shopfront/kit'
import { users } from './service.ts'

runService(users)
