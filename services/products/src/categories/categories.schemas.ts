import * as z from 'zod'
import { changesOf, pageQuery } from '@shopfront/kit'

const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by dashes')
  .max(60)
const fields = { slug, name: z.string().trim().min(1).max(100), parentId: z.uuid().nullable() }
/** POST /api/categories: a new category, at the top or under `parentId`. */
export const createCategoryBody = z.object({ ...fields, parentId: fields.parentId.default(null) }).strict()
/** PATCH /api/categories/:id: what changes (no defaults: a PATCH changes only what it sends). */
export const updateCategoryBody = changesOf(fields)
/** GET /api/categories: a page of them. */
export const categoryPageQuery = pageQuery({ defaultLimit: 100 })
