import { type Prepared, refusalOf } from '../forms.ts'
import type { WebContext } from '../session/session.ts'
import { staffToken } from './admin.routes.tsx'
import type { Staff } from './staff.ts'

/**
 * A product form's `prepare` (see `submitForm`): the pictures chosen in its `upload` field
 * go to products, and their addresses join the `images` lines, so a form shown again (a
 * name missing) keeps them without a second upload. A picture products refuses (not a
 * picture, too large) is the field's error, with those uploaded before it kept.
 */
export const uploadPictures =
  (c: WebContext, staff: Staff) =>
  async (values: Record<string, string>): Promise<Prepared> => {
    const chosen = (await c.req.formData()).getAll('upload')
    // a file input left empty sends one nameless, empty file
    const files = chosen.filter((file): file is File => file instanceof File && file.size > 0)
    const lines = values.images ? [values.images.trimEnd()] : []
    // a product shows up to 10: more files are refused before any is sent on
    if (files.length > 10)
      return {
        values,
        refused: { status: 400, errors: { upload: `${files.length} files: at most 10 pictures at once` } },
      }
    for (const file of files) {
      try {
        lines.push((await staff.uploadPicture(staffToken(c), file)).url)
      } catch (err) {
        const { status, errors } = refusalOf(err, 'upload')
        const refused = { status, errors: { upload: `${file.name}: ${errors.upload ?? Object.values(errors)[0]}` } }
        return { values: { ...values, images: lines.join('\n') }, refused }
      }
    }
    return { values: { ...values, images: lines.join('\n') } }
  }
