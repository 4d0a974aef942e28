/** @jsxImportSource hono/jsx */

/** The ids a field's hint and error get, and the aria-describedby that names them. */
function described(id: string, hint?: string, error?: string) {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined
}

function Hint({ id, text }: { id: string; text?: string }) {
  return text ? (
    <span class="hint" id={`${id}-hint`}>
      {text}
    </span>
  ) : null
}

function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <span class="error" id={`${id}-error`}>
      {text}
    </span>
  ) : null
}

/** A form field with its label, an optional hint and the error for it (linked for screen readers). */
export function Field(props: {
  name: string
  label: string
  type?: string
  value?: string
  error?: string
  hint?: string
  required?: boolean
  autocomplete?: string
  inputmode?: 'numeric' | 'email' | 'tel' | 'text'
  maxlength?: number
  pattern?: string
}) {
  const id = `f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} text={props.hint} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        pattern={props.pattern}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.hint, props.error)}
      />
      <FieldError id={id} text={props.error} />
    </div>
  )
}

/** A choice from a list, labelled, with its hint and error like `Field`. */
export function SelectField(props: {
  name: string
  label: string
  options: { value: string; label: string }[]
  value?: string
  error?: string
  hint?: string
  required?: boolean
}) {
  const id = `f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} text={props.hint} />
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.hint, props.error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} text={props.error} />
    </div>
  )
}

/** Text of several lines (a message), labelled, with its hint and error like `Field`. */
export function TextAreaField(props: {
  name: string
  label: string
  value?: string
  error?: string
  hint?: string
  required?: boolean
  rows?: number
  maxlength?: number
}) {
  const id = `f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Hint id={id} text={props.hint} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 5}
        maxlength={props.maxlength}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(id, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
      <FieldError id={id} text={props.error} />
    </div>
  )
}

/** A shipping address's fields (checkout requires them; the profile may leave them all empty). */
export function AddressFields({
  values,
  errors,
  required = false,
  class: className,
}: {
  values: Record<string, string | undefined>
  errors: Record<string, string | undefined>
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
      value={values[name]}
      error={errors[name]}
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
export function CodeField({ value, error }: { value?: string; error?: string }) {
  return (
    <Field
      name="code"
      label="Code"
      inputmode="numeric"
      autocomplete="one-time-code"
      maxlength={6}
      required
      value={value}
      error={error}
    />
  )
}

/** The e-mail field of the account forms (sign in, register, verify). */
export function EmailField({ value, error }: { value?: string; error?: string }) {
  return <Field name="email" label="E-mail" type="email" autocomplete="email" required value={value} error={error} />
}
