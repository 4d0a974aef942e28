/** @jsxImportSource hono/jsx */
import { CsrfField } from './layout.tsx'

export interface Question {
  /** What is asked (also the page's title). */
  question: string
  /** What will happen. */
  detail?: string
  /** Where the form posts; "go back" leads to this path without its last step. */
  action: string
  /** Hidden fields sent with it. */
  fields?: Record<string, string>
  /** What the button does. */
  button: string
  /** What the way back says. */
  back?: string
}

/**
 * The panel that asks before an action that moves money or stock or cannot be taken back:
 * the question, what will happen, the button that posts the form (a page of its own, so it
 * works without JavaScript), and the way back to the page the action is on.
 */
export function Confirm({ question, detail, action, fields = {}, button, back = 'No, go back' }: Question) {
  return (
    <section class="panel confirm">
      <h1>{question}</h1>
      {detail && <p>{detail}</p>}
      <form method="post" action={action} data-once>
        <CsrfField />
        {Object.entries(fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="actions">
          <a class="button secondary" href={action.replace(/\/[^/]+$/, '')}>
            {back}
          </a>
          <button type="submit">{button}</button>
        </div>
      </form>
    </section>
  )
}
