import { runService } from '@shopfront/kit'
import { cart } from './service.ts'

runService(cart)
