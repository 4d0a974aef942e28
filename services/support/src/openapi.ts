import { openApiDocument as document } from '@shopfront/kit'
import { ticket, ticketMoveRefusal, ticketPage } from './contract.ts'
import { changeBody, listQuery, openBody, ratingBody, replyBody } from './tickets/tickets.routes.ts'

const one = { description: 'The ticket with its messages and history', schema: ticket }

/** What the gateway merges into /openapi.json. */
export const openApiDocument = document('support', [
  {
    method: 'post',
    path: '/api/tickets',
    access: 'user',
    summary: 'Open a ticket (an order must be yours; a return needs a delivered order within the return window)',
    body: openBody,
    responses: {
      201: one,
      422: 'Not your order, or not returnable',
      503: 'Orders cannot be checked right now (retry; a ticket without an order works)',
    },
  },
  {
    method: 'get',
    path: '/api/tickets',
    access: 'user',
    summary: 'Your tickets; for support and admins the queue (assignee=me|<id>, unassigned, overdue)',
    query: listQuery,
    responses: {
      200: {
        description: 'A page of tickets',
        schema: ticketPage,
      },
    },
  },
  {
    method: 'get',
    path: '/api/tickets/{id}',
    access: 'user',
    summary: 'One ticket with its conversation',
    responses: { 200: one, 404: 'Not yours, or no such ticket' },
  },
  {
    method: 'post',
    path: '/api/tickets/{id}/messages',
    access: 'user',
    summary:
      "Reply (an agent's reply is e-mailed to the customer, and makes an open ticket in progress and an unassigned one theirs)",
    body: replyBody,
    responses: { 201: one, 409: 'The ticket is closed' },
  },
  {
    method: 'patch',
    path: '/api/tickets/{id}',
    access: 'support',
    summary:
      'Support and admins: status (open, in_progress, resolved, closed), assignee, priority; each status change is e-mailed',
    body: changeBody,
    responses: {
      200: one,
      409: { description: 'Not a valid status change (ticketStatus says where it is)', schema: ticketMoveRefusal },
      422: 'The assignee is not a support agent or an admin',
    },
  },
  {
    method: 'post',
    path: '/api/tickets/{id}/approve-return',
    access: 'support',
    summary: 'Support and admins: refund the order through sales and resolve the ticket',
    responses: {
      200: one,
      409: 'Not a return of an order, the ticket is closed, or sales will not refund the order (not delivered)',
      503: 'Sales unavailable: nothing changed, retry',
    },
  },
  {
    method: 'post',
    path: '/api/tickets/{id}/rating',
    access: 'user',
    summary: 'The customer rates a resolved ticket, once',
    body: ratingBody,
    responses: { 200: one, 409: 'Not resolved, or already rated' },
  },
])
