/**
 * A real browser for the storefront's tests: Debian's Chromium driven by playwright-core
 * (Playwright's own browser download is not needed). `.ci/run` installs Chromium when it is
 * missing; CHROMIUM_PATH names another binary.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

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
