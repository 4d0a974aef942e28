import { AppError } from '@shopfront/kit'
import type { CategoriesRepo, CategoryInput } from './categories.repo.ts'

const slugTaken = (slug: string | undefined) =>
  new AppError('conflict', `The slug ${slug} is already used.`, { errors: [{ path: 'slug', message: 'already used' }] })

/**
 * The category tree's rules: a slug is used once, a category sits under an existing one but
 * never under itself or its own children, and only an empty category (no products, no
 * subcategories) is deleted.
 */
export function createCategoriesService(repo: CategoriesRepo) {
  async function mustGet(id: string) {
    const category = await repo.get(id)
    if (!category) throw new AppError('not_found', `No category ${id}.`)
    return category
  }

  async function assertParent(id: string, parentId: string | null) {
    if (!parentId) return
    const ancestors = await repo.selfAndAncestors(parentId)
    if (ancestors.length === 0)
      throw new AppError('unprocessable', `No category ${parentId}.`, {
        errors: [{ path: 'parentId', message: 'unknown category' }],
      })
    if (ancestors.includes(id))
      throw new AppError('conflict', 'A category cannot be placed under itself or its own children.')
  }

  return {
    mustGet,
    list: (page: number, limit: number) => repo.list(page, limit),
    async create(input: CategoryInput) {
      await assertParent('', input.parentId)
      const id = await repo.insert(input)
      if (!id) throw slugTaken(input.slug)
      return mustGet(id)
    },
    async update(id: string, change: Partial<CategoryInput>) {
      await mustGet(id)
      if (change.parentId !== undefined) await assertParent(id, change.parentId)
      if (!(await repo.update(id, change))) throw slugTaken(change.slug)
      return mustGet(id)
    },
    async remove(id: string) {
      await mustGet(id)
      const held = await repo.holdings(id)
      if (held.products || held.children)
        throw new AppError(
          'conflict',
          `The category still has ${held.products} products and ${held.children} subcategories; move them first.`,
        )
      await repo.remove(id)
    },
  }
}

export type CategoriesService = ReturnType<typeof createCategoriesService>
