// Shopfront's progressive enhancements. Every page works without this file; with it:
// - a cart quantity change saves at once (the Update button is then not needed);
// - a form marked data-once cannot be sent twice by a double click (checkout: the server
//   also answers a repeat with the first outcome, by the page's Idempotency-Key);
// - a product list filter change (sort, in stock) applies at once;
// - the search box suggests product names while typing (products' suggestions API);
// - the catalog's filters fold away below the two-column width, so a phone shows products first;
// - a time (<time datetime>, written in UTC) shows in the visitor's own time zone, its zone said;
// - files chosen to upload that weigh more than their form may carry (data-max-bytes) are said
//   at once, and the form is not sent (the server would refuse all of it);
// - a notice brought by the address (?placed=1, after a redirect) is said once: the address
//   drops what brought it (data-from-query), so a reload or a shared link does not say it again;
// - a document to print (a receipt, a packing slip) shows its Print button (data-print).
for (const notice of document.querySelectorAll('[data-from-query]')) {
  const address = new URL(location.href)
  for (const name of notice.getAttribute('data-from-query').split(' ')) address.searchParams.delete(name)
  history.replaceState(history.state, '', address)
}
document.addEventListener('change', (event) => {
  const field = event.target
  if (!(field instanceof HTMLElement)) return
  const form = field.closest('form[data-autosubmit]')
  if (form instanceof HTMLFormElement) form.requestSubmit()
})
const megabytes = (bytes) => (bytes / 1_048_576).toFixed(1)
const tooHeavy = (input) => {
  const total = [...(input.files ?? [])].reduce((sum, file) => sum + file.size, 0)
  const max = Number(input.dataset.maxBytes)
  input.setCustomValidity(
    total > max ? `These files weigh ${megabytes(total)} MB together; at most ${megabytes(max)} MB go at once.` : '',
  )
  return total > max
}
document.addEventListener('change', (event) => {
  const input = event.target
  if (input instanceof HTMLInputElement && input.dataset.maxBytes && tooHeavy(input)) input.reportValidity()
})
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement)) return
  for (const input of form.querySelectorAll('input[data-max-bytes]'))
    if (tooHeavy(input)) {
      event.preventDefault()
      input.reportValidity()
    }
})
document.addEventListener('submit', (event) => {
  const form = event.target
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-once')) return
  if (form.dataset.sent) {
    event.preventDefault()
    return
  }
  form.dataset.sent = 'yes'
  for (const button of form.querySelectorAll('button[type=submit]')) {
    button.setAttribute('aria-disabled', 'true')
    if (button.dataset.busy) button.textContent = button.dataset.busy
  }
})
const search = document.getElementById('q')
const suggestions = document.getElementById('q-suggestions')
let typing
search?.addEventListener('input', () => {
  clearTimeout(typing)
  const q = search.value.trim()
  if (q.length < 2) return suggestions.replaceChildren()
  typing = setTimeout(async () => {
    const res = await fetch(`/api/products/suggestions?q=${encodeURIComponent(q)}`).catch(() => undefined)
    if (!res?.ok || search.value.trim() !== q) return
    const { items } = await res.json()
    suggestions.replaceChildren(
      ...items.map((item) => Object.assign(document.createElement('option'), { value: item.name })),
    )
  }, 150)
})
const twoColumns = matchMedia('(min-width: 860px)')
const fold = () => {
  for (const details of document.querySelectorAll('details[data-fold-narrow]')) details.open = twoColumns.matches
}
fold()
twoColumns.addEventListener('change', fold)
const local = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
})
for (const time of document.querySelectorAll('time[datetime]')) time.textContent = local.format(new Date(time.dateTime))
document.documentElement.classList.add('js')

for (const button of document.querySelectorAll('button[data-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
