import { describe, expect, it } from 'vitest'
import { startWeb } from '../testing.ts'
import { customerRows } from './customers-csv.ts'

const web = await startWeb()
const admin = await web.signedIn('admin@example.com')
const csvFile = (text: string) => [new File([text], 'customers.csv', { type: 'text/csv' })]
const userOf = async (email: string) => (await web.staff.users('', { q: email })).items.find((u) => u.email === email)

describe('customers from a CSV file (/admin/users/import)', () => {
  it('When an admin imports customers and asks to invite them, then the new ones have accounts, the known one is left, each new one invited, and the page says how many', async () => {
    expect(await (await admin.get('/admin/users')).text()).toContain('href="/admin/users/import"')
    const file = [
      'Email,Name,Phone,Address_Line1,City,Postal_Code,Country,Marketing',
      'Ida@Example.com,Ida,+1 555 0100,5 Oak Ave,Springfield,12345,us,yes',
      'jon@example.com,Jon,,,,,,',
      'ann@example.com,Ann Again,,,,,,no',
    ].join('\r\n')
    const sent = await admin.post('/admin/users/import', { file: csvFile(file), invite: '1' })
    expect(admin.redirectOf(sent)).toBe('/admin/users/import?created=2&existing=1&erased=0')
    expect(await (await admin.follow(sent)).text()).toContain(
      'Imported: 2 customers added; 1 e-mail had an account already, left as it was.',
    )
    expect(await userOf('ida@example.com')).toMatchObject({
      name: 'Ida',
      phone: '+1 555 0100',
      shippingAddress: { line1: '5 Oak Ave', city: 'Springfield', postalCode: '12345', country: 'US' },
      marketingOptIn: true,
      emailVerified: false,
    })
    expect(await userOf('jon@example.com')).toMatchObject({ phone: null, shippingAddress: null, marketingOptIn: false })
    expect((await userOf('ann@example.com'))?.name).not.toBe('Ann Again')
    expect(web.office.invited).toEqual(['ida@example.com', 'jon@example.com'])
  })

  it('When the file names a customer who deleted their account, then they are not added again and the page says why', async () => {
    const file = ['Email,Name', 'kim@example.com,Kim'].join('\r\n')
    const first = await admin.post('/admin/users/import', { file: csvFile(file) })
    expect(admin.redirectOf(first)).toBe('/admin/users/import?created=1&existing=0&erased=0')
    const kim = await userOf('kim@example.com')
    await web.staff.deleteUser('', kim?.id ?? 'kim')
    const again = await admin.post('/admin/users/import', { file: csvFile(file), invite: '1' })
    expect(admin.redirectOf(again)).toBe('/admin/users/import?created=0&existing=0&erased=1')
    expect(await (await admin.follow(again)).text()).toContain(
      'Imported: 0 customers added; 0 e-mails had an account already, left as it was. 1 e-mail belonged to a deleted account, not added again: its owner asked to be forgotten.',
    )
    expect(await userOf('kim@example.com')).toBeUndefined()
    expect(web.office.invited).not.toContain('kim@example.com')
  })

  it('When the file has problems, then each is listed with its line and column, and nobody is imported', async () => {
    const before = web.office.invited.length
    const res = await admin.post('/admin/users/import', {
      file: csvFile('email,name,city,country,marketing\nnot-an-address,Kim,,,\nlee@example.com,,Paris,FRA,maybe\n'),
    })
    expect(res.status).toBe(400)
    const page = await res.text()
    for (const problem of [
      'Line 2, email: an e-mail address like ann@example.com',
      'Line 3, name: a name',
      'Line 3, country: a two-letter country code, e.g. US',
      'Line 3, marketing: yes or no',
    ])
      expect(page).toContain(problem)
    expect(await userOf('lee@example.com')).toBeUndefined()
    expect((await admin.post('/admin/users/import', { file: csvFile('name\nx\n') })).status).toBe(400)
    expect(web.office.invited.length).toBe(before)
  })

  it('When a support agent tries, then a 403 page', async () => {
    const agent = await web.signedIn('agent@example.com')
    expect((await agent.get('/admin/users/import')).status).toBe(403)
    const sent = await agent.post('/admin/users/import', { file: csvFile('email,name\nmo@example.com,Mo\n') })
    expect(sent.status).toBe(403)
    expect(await userOf('mo@example.com')).toBeUndefined()
  })

  it('When an address is given in part, then the line says which parts are missing', () => {
    expect(customerRows('email,name,address_line1\nno@example.com,No,1 Elm St\n')).toEqual({
      problems: [
        'Line 2, city: needed for an address',
        'Line 2, postal_code: needed for an address',
        'Line 2, country: needed for an address',
      ],
      readable: [],
    })
  })
})
