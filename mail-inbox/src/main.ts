import { createLogger, exitOnSignals, listen, runMain, StartupError } from '@shopfront/kit'
import { createInboxApp } from './app.ts'
import { startSmtp } from './smtp.ts'
import { createMessageStore } from './store.ts'

/** The local mail inbox: SMTP on INBOX_SMTP_PORT (1025), MailHog's API and a page on INBOX_HTTP_PORT (8025). */
runMain(async () => {
  const logger = createLogger({ name: 'mail-inbox' })
  const hostname = process.env.INBOX_HOST ?? '127.0.0.1'
  const smtpPort = Number(process.env.INBOX_SMTP_PORT ?? 1025)
  const store = createMessageStore(Number(process.env.INBOX_CAPACITY ?? 1000))
  const smtp = await startSmtp(store, { port: smtpPort, hostname }).catch((err) => {
    throw new StartupError(
      err.code === 'EADDRINUSE'
        ? `mail-inbox: port ${smtpPort} on ${hostname} is already in use`
        : `mail-inbox: ${err.message}`,
    )
  })
  const http = listen(createInboxApp(store), {
    port: Number(process.env.INBOX_HTTP_PORT ?? 8025),
    hostname,
    name: 'mail-inbox',
  })
  logger.info('mail inbox ready', { smtp: `${hostname}:${smtp.port}`, web: http.url })
  exitOnSignals(async () => {
    await smtp.close()
    await http.stop(true)
  })
})
