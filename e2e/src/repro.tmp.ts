import { startPlatform, plainHttp, quickChecks } from './platform.ts'
const p = await startPlatform({
  apps: ['gateway', 'products', 'cart', 'users', 'sales', 'support', 'web'],
  inbox: true,
  sandbox: true,
  overrides: { ...quickChecks, ...plainHttp },
  appEnv: { LOG_LEVEL: 'info' },
})
try {
  console.log('before', (await fetch(`${p.gatewayUrl}/products?q=grinder`)).status)
  await p.kill('users')
  await Bun.sleep(6500)
  console.log('after', (await fetch(`${p.gatewayUrl}/products?q=grinder`)).status)
  console.log(
    p
      .output('web')
      .split('\n')
      .filter((l) => /warn|error|503|unavail/i.test(l))
      .slice(-15)
      .join('\n'),
  )
} finally {
  await p.stop()
}
