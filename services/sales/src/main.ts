import { runService } from '@shopfront/kit'
import { sales } from './service.ts'

runService(sales)
