import { sql } from 'drizzle-orm'

/**
 * What a shopper types, as the catalog's full-text search reads it: web-search syntax
 * (`"french press"`, `coffee -decaf`), accents aside, English stemming.
 */
export const textQuery = (q: string) => sql`websearch_to_tsquery('english', catalog_unaccent(${q}))`

/** The words of a search as the catalog's words are compared: accents gone, lower case, letters and digits. */
export const searchWords = (q: string) =>
  q
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g) ?? []
