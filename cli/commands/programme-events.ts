// `harpoon programme-events ...` (or `harpoon events ...`, its earlier name): webinars, roundtables
// and the other events journeys invite to, apart from engagement events: create from a file, list,
// show with every answer, and import attendance. `events send` is the old name of `engagement send`
// and keeps working with a notice.
import type { Command } from 'commander';
import { importAttendance } from '../../programme-events/attendance';
import { createEventFromFile } from '../../programme-events/event-file';
import { listEvents, showEvent, type ListedEvent } from '../../programme-events/event-list';
import { commandGroups } from '../groups';
import { printJsonOrLines, withDb } from '../runtime';
import { addListCommand } from '../list-command';
import { addSendCommand } from './engagement';

function eventLine(e: ListedEvent): string {
  const seats = e.capacity === null ? `${e.seatsTaken} registered` : `${e.seatsTaken}/${e.capacity} seats`;
  return `${e.key}  ${e.kind}  ${e.start} ${e.timezone}  ${seats}, ${e.answers.waitlisted} waitlisted  ${e.title}`;
}

export function registerEventCommands(program: Command) {
  const events = program.command('programme-events').alias('events').description(commandGroups['programme-events']);

  events
    .command('create <file>')
    .description('Create or update an event from a YAML or JSON file (every problem is listed with its path)')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) =>
      withDb(async (db) => printJsonOrLines(opts.json, await createEventFromFile(db, file), (saved) => [saved.created ? `created event ${saved.key}` : saved.changed ? `updated event ${saved.key}` : `${saved.key} is unchanged`, ...saved.notes.map((n) => `note: ${n}`)])),
    );

  addListCommand(events, 'Events, soonest first, with seats and answers', listEvents, eventLine, 'no events yet: harpoon programme-events create <file>');

  events
    .command('show <key>')
    .description('One event: when, where, seats, and every invitee with their answer')
    .option('--json', 'machine-readable output')
    .action((key: string, opts: { json?: boolean }) =>
      withDb(async (db) =>
        printJsonOrLines(opts.json, await showEvent(db, key), (e) => [
          `${e.key}  ${e.kind}: ${e.title}`,
          `${e.start} - ${e.end.slice(11)} ${e.timezone}  ${e.where}`,
          `seats: ${e.seatsTaken}${e.capacity === null ? '' : `/${e.capacity}`}; ${Object.entries(e.answers).map(([s, n]) => `${s} ${n}`).join(', ')}`,
          ...e.registrations.map((r) => `  ${r.status.padEnd(10)} ${r.contact} (${r.role}, ${r.account})`),
          ...(e.waitlist.length > 0 ? [`waitlist, next seat first: ${e.waitlist.map((w) => `${w.position}. ${w.contact}`).join(', ')}`] : []),
          ...(e.unmatchedAttendance.attended + e.unmatchedAttendance.absent > 0
            ? [`not contacts (kept as unmatched attendance): ${e.unmatchedAttendance.attended} attended, ${e.unmatchedAttendance.absent} absent`]
            : []),
        ]),
      ),
    );

  events
    .command('attendance <event> <file>')
    .description("Import a webinar platform's attendance export (columns email, attended): all or nothing")
    .option('--json', 'machine-readable output')
    .action((key: string, file: string, opts: { json?: boolean }) =>
      withDb(async (db) =>
        printJsonOrLines(opts.json, await importAttendance(db, key, file), (r) => [
          `${key}: ${r.attended} attended, ${r.noShow} no-show, ${r.unchanged} unchanged, ${r.notRegistered} absent without a seat; queued for ${r.queued} journey(s)`,
          ...(r.unmatched.length > 0
            ? [
                `${r.unmatched.length} row(s) not a contact, kept as unmatched attendance (import them with "harpoon contacts import" to see them on an account):`,
                ...r.unmatched.map((u) => `  row ${u.row}: ${u.email} (${u.attended ? 'attended' : 'absent'})`),
              ]
            : []),
          ...(r.registeredNotListed > 0
            ? [
                `${r.registeredNotListed} registrant(s) are not in the file and stay registered, counted neither as attended nor as no-show: if the export lists attendees only, add them with attended "no" (see "harpoon programme-events show ${key}")`,
              ]
            : []),
        ]),
      ),
    );

  addSendCommand(events, 'harpoon: "events send" is now "engagement send" (events are webinars and roundtables); this spelling still works.');
}
