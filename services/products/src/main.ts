import { runService } from '@shopfront/kit'
import { products } from './service.ts'

runService(products)
