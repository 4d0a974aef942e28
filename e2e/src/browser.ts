/**
 * A real browser for the storefront's tests: Debian's Chromium driven by playwright-core
 * (Playwright's own browser download is not needed). `.ci/run` installs Chromium when it is
 * missing; CHROMIUM_PATH names another binary.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { type Platform, startWholePlatform } from './platform.ts'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Whether this machine has the browser (the README's `.ci/run` installs it). */
export const hasChromium = () => existsSync(chromiumPath)

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // without the networking flags Chromium waits on a closed network at start
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol: the shop's Content-Security-Policy (rightly) refuses inline scripts
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    })
    return result.violations
  })) as AxeViolation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/**
 * Where browser tests write screenshots: the README's folder (docs/screenshots) when
 * UPDATE_SCREENSHOTS=1, else a scratch folder (a normal run leaves the tree as it was).
 */
export const screenshots = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, '../../docs/screenshots')
  : join(process.env.TMPDIR ?? '/tmp', 'shopfront-screenshots')
mkdirSync(screenshots, { recursive: true })

/**
 * For a file of browser tests: the whole platform (with `overrides`, see
 * `startWholePlatform`) and a browser, started before the file's tests and stopped after
 * them. `visit(page, path)` opens a path through the gateway and checks the page with
 * axe-core (`accessible`: no serious or critical violation); `shot(page, name)` writes a
 * screenshot of it.
 */
export function browserOnPlatform(overrides?: Record<string, string>) {
  const started: { platform?: Platform; browser?: Browser } = {}
  beforeAll(async () => {
    started.platform = await startWholePlatform(overrides)
    started.browser = await launchBrowser()
  }, 120_000)
  // a test that failed says where its pages were and what they said (a wait that timed out
  // says only what it waited for), and leaves no page open for the next
  afterEach(async ({ task }) => {
    for (const context of started.browser?.contexts() ?? []) {
      if (task.result?.state === 'fail')
        for (const page of context.pages()) {
          // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, the page's words as a reader sees them
          const said = await page.innerText('body').catch((err) => String(err))
          console.error(`a page at ${page.url()} said:\n${said}`)
        }
      await context.close()
    }
  })
  afterAll(async () => {
    await started.browser?.close()
    await started.platform?.stop()
  })
  const session = {
    get platform() {
      if (!started.platform) throw new Error('The platform starts before the tests (beforeAll).')
      return started.platform
    },
    get browser() {
      if (!started.browser) throw new Error('The browser starts before the tests (beforeAll).')
      return started.browser
    },
    accessible: async (page: Page) => {
      const violations = await seriousViolations(page)
      const found = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
      expect(found).toEqual([])
    },
    visit: async (page: Page, path: string) => {
      await page.goto(session.platform.gatewayUrl + path)
      await session.accessible(page)
    },
    /** Fills the sign-in form the page shows (the shop's page, or checkout's) and sends it. */
    signIn: async (page: Page, email: string, password: string) => {
      await page.fill('#f-email', email)
      await page.fill('#f-password', password)
      await page.click('main button:has-text("Sign in")')
    },
    /** Fills the checkout form: an address in Springfield and a card. */
    fillCheckout: async (page: Page, street: string, card: string) => {
      for (const [field, value] of Object.entries({
        line1: street,
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
        cardNumber: card,
        expiry: '12/30',
        cvc: '123',
      }))
        await page.fill(`#f-${field}`, value)
    },
    shot: (page: Page, name: string, { fullPage = true } = {}) =>
      page.screenshot({ path: join(screenshots, `${name}.png`), fullPage }),
  }
  return session
}
