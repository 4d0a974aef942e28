// Shopfront's progressive enhancements. Every page works without this file; with it:
// - a cart quantity change saves at once (the Update button is then not needed);
// - a form marked data-once cannot be sent twice by a double click (checkout: the server
//   also answers a repeat with the first outcome, by the page's Idempotency-Key);
// - a product list filter change (sort, in stock) applies at once.
document.addEventListener('change', (event) => {
  const field = event.target
  if (!(field instanceof HTMLElement)) return
  const form = field.closest('form[data-autosubmit]')
  if (form instanceof HTMLFormElement) form.requestSubmit()
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
document.documentElement.classList.add('js')
