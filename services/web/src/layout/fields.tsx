/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import type { FormState } from '../forms.ts'
import { CsrfField } from './layout.tsx'

/**
 * A field's name, value sent and error, from its form's state: `<Field {...on('sku')} label="SKU" />`.
 */
export const fieldsOf = (form: FormState) => (name: string) => ({
  name,
  value: form.values[name],
  error: form.errors[name],
})

/** A form that posts to `action`: the CSRF token, the fields, and its one submit button. */
export function PostForm({
  action,
  submit,
  class: look,
  files,
  children,
}: {
  action: string
  submit: string
  /** How it looks beyond a form: `wide` (two columns on a wide screen), `panel` (a card of its own). */
  class?: 'wide' | 'panel'
  /** It sends files (a `FileField`): multipart. */
  files?: boolean
  children?: Child
}) {
  return (
    <form
      class={look ? `form ${look}` : 'form'}
      method="post"
      action={action}
      novalidate
      enctype={files ? 'multipart/form-data' : undefined}
    >
      <CsrfField />
      {children}
      <div>
        <button type="submit">{submit}</button>
      </div>
    </form>
  )
}

/** The ids a field's hint and error get, and the aria-describedby that names them. */
function described(id: string, hint?: string, error?: string) {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
}

/** A field's hint or error, named by the id `described` gives it. */
function Note({ id, kind, text }: { id: string; kind: 'hint' | 'error'; text?: string }) {
  return text ? (
    <span class={kind} id={`${id}-${kind}`}>
      {text}
    </span>
  ) : null
}

/** What every field takes: its name, label, the value sent, its error and an optional hint. */
interface FieldProps {
  name: string
  /** The control's id where one page has the field more than once (one a row); else `f-<name>`. */
  id?: string
  label: string
  value?: string
  error?: string
  hint?: string
  required?: boolean
}

/**
 * The frame of every field: its label, hint and error around the control, which gets the
 * attributes that tie them together (id, name, required, aria-invalid, aria-describedby).
 */
function Labelled({ control, ...props }: FieldProps & { control: (attributes: ControlAttributes) => Child }) {
  const id = props.id ?? `f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Note id={id} kind="hint" text={props.hint} />
      {control({
        id,
        name: props.name,
        required: props.required,
        'aria-invalid': props.error ? 'true' : undefined,
        'aria-describedby': described(id, props.hint, props.error),
      })}
      <Note id={id} kind="error" text={props.error} />
    </div>
  )
}
type ControlAttributes = Record<string, string | boolean | undefined>

/** A form field with its label, an optional hint and the error for it (linked for screen readers). */
export function Field(
  props: FieldProps & {
    type?: string
    autocomplete?: string
    inputmode?: 'numeric' | 'email' | 'tel' | 'text'
    maxlength?: number
    pattern?: string
    /** More of the input's attributes (a file input's `accept`). */
    more?: ControlAttributes
  },
) {
  const { type = 'text', autocomplete, inputmode, maxlength, pattern } = props
  return (
    <Labelled
      {...props}
      control={(attributes) => (
        <input
          {...attributes}
          type={type}
          // a file input has no value to show again
          value={type === 'file' ? undefined : (props.value ?? '')}
          autocomplete={autocomplete}
          inputmode={inputmode}
          maxlength={maxlength}
          pattern={pattern}
          {...props.more}
        />
      )}
    />
  )
}

/** A choice from a list, labelled, with its hint and error like `Field`. */
export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  return (
    <Labelled
      {...props}
      control={(attributes) => (
        <select {...attributes}>
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === (props.value ?? '')}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  )
}

/** A rating of 1 to 5 stars as radio buttons under a legend, with its error like `Field`'s. */
export function StarsField({
  name,
  legend,
  value,
  error,
}: {
  name: string
  legend: string
  value?: string
  error?: string
}) {
  const errorId = `f-${name}-error`
  return (
    <fieldset class="rating" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label>
          <input type="radio" name={name} value={String(n)} checked={value === String(n)} />
          {` ${n} ${n === 1 ? 'star' : 'stars'}`}
        </label>
      ))}
      {error && (
        <span class="error" id={errorId}>
          {error}
        </span>
      )}
    </fieldset>
  )
}

/** Text of several lines (a message), labelled, with its hint and error like `Field`. */
export function TextAreaField(props: FieldProps & { rows?: number; maxlength?: number }) {
  return (
    <Labelled
      {...props}
      control={(attributes) => (
        <textarea {...attributes} rows={props.rows ?? 5} maxlength={props.maxlength}>
          {props.value ?? ''}
        </textarea>
      )}
    />
  )
}

/**
 * Files to send (pictures), labelled, with its hint and error like `Field`; `maxBytes`, what
 * they may weigh together, is checked in the browser before a large form goes out.
 */
export function FileField({
  accept,
  multiple,
  maxBytes,
  ...props
}: FieldProps & { accept: string; multiple?: boolean; maxBytes: number }) {
  return <Field {...props} type="file" more={{ accept, multiple, 'data-max-bytes': String(maxBytes) }} />
}

/** A shipping address's fields (checkout requires them; the profile may leave them all empty). */
export function AddressFields({
  form,
  required = false,
  class: className,
}: {
  form: FormState
  required?: boolean
  class?: string
}) {
  const field = (
    name: string,
    label: string,
    autocomplete: string,
    more: { maxlength?: number; hint?: string } = {},
  ) => (
    <Field
      name={name}
      label={label}
      autocomplete={autocomplete}
      required={required && name !== 'line2'}
      value={form.values[name]}
      error={form.errors[name]}
      {...more}
    />
  )
  return (
    <fieldset class={className}>
      <legend>Shipping address</legend>
      {field('line1', 'Street and number', 'address-line1')}
      {field('line2', 'Apartment, floor (optional)', 'address-line2')}
      <div class="row">
        {field('city', 'City', 'address-level2')}
        {field('postalCode', 'Postal code', 'postal-code')}
        {field('country', 'Country code', 'country', { maxlength: 2, hint: 'Two letters, e.g. US' })}
      </div>
    </fieldset>
  )
}

/** The six-digit code from an e-mail (verification, password reset): the phone's keypad, the code offered from the message. */
export function CodeField({ form }: { form: FormState }) {
  return (
    <Field
      {...fieldsOf(form)('code')}
      label="Code"
      inputmode="numeric"
      autocomplete="one-time-code"
      maxlength={6}
      required
    />
  )
}

/** The e-mail field of the account forms (sign in, register, verify). */
export function EmailField({ form }: { form: FormState }) {
  return <Field {...fieldsOf(form)('email')} label="E-mail" type="email" autocomplete="email" required />
}

/** A password field: never filled in again when the page comes back (only its error is). */
export function PasswordField({
  form,
  name,
  label,
  isNew = false,
}: {
  form: FormState
  name: string
  label: string
  /** A password being chosen (the browser offers to make one; the page says the rules). */
  isNew?: boolean
}) {
  return (
    <Field
      name={name}
      label={label}
      type="password"
      autocomplete={isNew ? 'new-password' : 'current-password'}
      hint={isNew ? 'At least 8 characters, not a common one.' : undefined}
      required
      error={form.errors[name]}
    />
  )
}

/** A list's filters: a GET form in one row, its fields, and its button; then what they found (`found`, read out). */
export function FilterForm({
  action,
  submit = 'Filter',
  found,
  children,
}: {
  action: string
  submit?: string
  found?: string
  children: Child
}) {
  return (
    <>
      <form class="filters-row" method="get" action={action}>
        {children}
        <button type="submit" class="secondary">
          {submit}
        </button>
      </form>
      {found && <p role="status">{found}</p>}
    </>
  )
}

/** A select's choices from their labels, in order: `choices({ '': 'Anyone', me: 'Me' })`. */
export const choices = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }))

/** A filter's choices: "Any" (no filter) first, then each value with its label. */
export const anyOf = <T extends string>(values: readonly T[], label: (value: T) => string = (value) => value) => [
  { value: '', label: 'Any' },
  ...values.map((value) => ({ value, label: label(value) })),
]
