import { mailBlocks as b, mailLayout, type OutgoingMail } from '@shopfront/kit'

type To = { id: string; email: string; name: string }
type Code = { code: string; serial: number; ttlMinutes: number; shopUrl: string }
const link = (shopUrl: string, path: string, email: string) => `${shopUrl}${path}?email=${encodeURIComponent(email)}`

/** The code that verifies a new account's e-mail, large in the HTML and first in the text. */
export function verificationMail(user: To, { code, serial, ttlMinutes, shopUrl }: Code): OutgoingMail {
  const page = link(shopUrl, '/verify', user.email)
  return {
    to: user.email,
    subject: `Your Shopfront code: ${code}`,
    text: `Hello ${user.name},\n\nYour verification code is ${code}. It expires in ${ttlMinutes} minutes.\n\nEnter it here: ${page}\n\nIf you did not sign up for Shopfront, ignore this e-mail.\n`,
    html: mailLayout({
      shopUrl,
      title: 'Your Shopfront code',
      preheader: `Your verification code is ${code}`,
      blocks: [
        b.heading('Welcome to Shopfront'),
        b.paragraph(`Hello ${user.name}, enter this code to finish creating your account:`),
        b.code(code, `It expires in ${ttlMinutes} minutes.`),
        b.button('Enter the code', page),
        b.muted('If you did not sign up for Shopfront, ignore this e-mail: no account is made without the code.'),
      ],
    }),
    key: `verify.${user.id}.${serial}`,
  }
}

/** The code that sets a new password for a forgotten one. */
export function passwordResetMail(user: To, { code, serial, ttlMinutes, shopUrl }: Code): OutgoingMail {
  const page = link(shopUrl, '/password-reset/confirm', user.email)
  return {
    to: user.email,
    subject: `Your Shopfront password reset code: ${code}`,
    text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset your Shopfront password. Your code is ${code}. It expires in ${ttlMinutes} minutes.\n\nSet a new password here: ${page}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n`,
    html: mailLayout({
      shopUrl,
      title: 'Reset your Shopfront password',
      preheader: `Your password reset code is ${code}`,
      blocks: [
        b.heading('Reset your password'),
        b.paragraph(`Hello ${user.name}, someone (we hope you) asked to reset your Shopfront password. Your code:`),
        b.code(code, `It expires in ${ttlMinutes} minutes.`),
        b.button('Choose a new password', page),
        b.muted('If it was not you, ignore this e-mail: your password stays as it is.'),
      ],
    }),
    key: `password-reset.${user.id}.${serial}`,
  }
}

/** The last e-mail to an address whose account was deleted: what went and what stays. */
export function accountDeletedMail(user: To, { shopUrl }: { shopUrl: string }): OutgoingMail {
  const stays =
    'Orders you placed stay in our books with the name and address they were placed with, as the law asks of a shop, and so do the support conversations you had with us.'
  return {
    to: user.email,
    subject: 'Your Shopfront account is deleted',
    text: `Hello ${user.name},\n\nYour Shopfront account is deleted, as you asked: your name, address, phone and password are gone, you are signed out everywhere, and we will send no more promotions. ${stays}\n\nYou can create a new account with this address whenever you like: ${shopUrl}/register\n`,
    html: mailLayout({
      shopUrl,
      title: 'Your Shopfront account is deleted',
      preheader: 'Your account is deleted, as you asked',
      blocks: [
        b.heading('Your account is deleted'),
        b.paragraph(
          `Hello ${user.name}, your account is deleted, as you asked: your name, address, phone and password are gone, you are signed out everywhere, and we will send no more promotions.`,
        ),
        b.paragraph(stays),
        b.muted('You can create a new account with this address whenever you like.'),
      ],
    }),
    key: `account-deleted.${user.id}`,
  }
}

/** To a customer the shop brought over from its old system: their account is here, and how to choose a password. */
export function invitationMail(user: To, { shopUrl }: { shopUrl: string }): OutgoingMail {
  const page = link(shopUrl, '/password-reset', user.email)
  return {
    to: user.email,
    subject: 'Your Shopfront account is ready',
    text: `Hello ${user.name},\n\nShopfront has a new shop, and your account came with it: your name, address and preferences are there. To sign in, choose a password (a code comes by e-mail to prove the address is yours): ${page}\n\nIf you would rather not have an account, reply to this e-mail and we will delete it.\n`,
    html: mailLayout({
      shopUrl,
      title: 'Your Shopfront account is ready',
      preheader: 'Choose a password to sign in',
      blocks: [
        b.heading('Your account is ready'),
        b.paragraph(
          `Hello ${user.name}, Shopfront has a new shop, and your account came with it: your name, address and preferences are there.`,
        ),
        b.button('Choose a password', page),
        b.muted(
          'A code comes by e-mail to prove the address is yours. If you would rather not have an account, reply to this e-mail and we will delete it.',
        ),
      ],
    }),
    key: `invitation.${user.id}`,
  }
}
