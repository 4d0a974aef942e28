import type { PostgresJsDatabase } from '@shopfront/kit'
import { and, eq, sql } from 'drizzle-orm'
import { products } from '../db/schema.ts'
import { searchWords, textQuery } from './search-text.ts'

/** A word's trigrams as pg_trgm counts them: the word padded with two spaces before and one after. */
function trigrams(word: string): Set<string> {
  const padded = `  ${word} `
  const found = new Set<string>()
  for (let i = 0; i + 3 <= padded.length; i++) found.add(padded.slice(i, i + 3))
  return found
}

/** How alike (trigram similarity, shared over all, 0 to 1) a typed word and a catalog word must be to offer one for the other. */
const alike = 0.4

/** The catalog's words, with each trigram's words, so that a typed word is compared only with words it shares one with. */
function vocabularyOf(words: string[]) {
  const sizes = new Map(words.map((w) => [w, trigrams(w).size]))
  const byTrigram = new Map<string, string[]>()
  for (const word of words)
    for (const t of trigrams(word)) {
      const list = byTrigram.get(t)
      if (list) list.push(word)
      else byTrigram.set(t, [word])
    }
  return {
    has: (word: string) => sizes.has(word),
    /** The most alike word (the first in order of the alphabet among equals), if one is alike enough. */
    closest(word: string): string | undefined {
      const own = trigrams(word)
      const shared = new Map<string, number>()
      for (const t of own) for (const w of byTrigram.get(t) ?? []) shared.set(w, (shared.get(w) ?? 0) + 1)
      let best: { word: string; score: number } | undefined
      for (const [w, n] of shared) {
        const score = n / (own.size + (sizes.get(w) ?? 0) - n)
        if (score >= alike && (!best || score > best.score || (score === best.score && w < best.word)))
          best = { word: w, score }
      }
      return best?.word
    },
  }
}

/**
 * "Did you mean": for a search that found nothing, the same words with each one the catalog
 * does not know replaced by the most alike word of an active product's name or description
 * ("cofee grindr" -> "coffee grinder"); undefined when no word changes, or the changed search
 * would find nothing either. The catalog's words are read at most once a `maxAgeMs` (and only
 * when an empty answer asks), so a flood of searches that find nothing costs one read a minute.
 */
export function createSpelling(db: PostgresJsDatabase, { maxAgeMs = 60_000 } = {}) {
  let kept: { at: number; vocabulary: Promise<ReturnType<typeof vocabularyOf>> } | undefined
  const read = async () => {
    const rows = await db
      .selectDistinct({
        text: sql<string>`lower(catalog_unaccent(${products.name} || ' ' || ${products.description}))`,
      })
      .from(products)
      .where(eq(products.active, true))
    return vocabularyOf([...new Set(rows.flatMap((r) => searchWords(r.text)).filter((w) => w.length > 2))])
  }
  const vocabulary = () => {
    if (!kept || Date.now() - kept.at > maxAgeMs) {
      const fresh = { at: Date.now(), vocabulary: read() }
      kept = fresh
      // a read that failed is not kept: the next empty answer reads again
      fresh.vocabulary.catch(() => {
        if (kept === fresh) kept = undefined
      })
    }
    return kept.vocabulary
  }
  return {
    async didYouMean(q: string): Promise<string | undefined> {
      const typed = searchWords(q).slice(0, 5)
      if (typed.length === 0) return undefined
      const words = await vocabulary()
      const corrected = typed.map((w) => (words.has(w) ? w : (words.closest(w) ?? w))).join(' ')
      if (corrected === typed.join(' ')) return undefined
      const [found] = await db
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.active, true), sql`${products.search} @@ ${textQuery(corrected)}`))
        .limit(1)
      return found ? corrected : undefined
    },
  }
}

export type Spelling = ReturnType<typeof createSpelling>
