import { boldParagraph, bullet, leadIn, numbered, paragraph, styled, table } from '../docx';

/** The held-out policies written as Word documents (see README.md in this folder). */
export const documents: Record<string, string[]> = {
  'laptop-loan': [
    styled('Title', 'Staff Laptop Loan Agreement'),
    styled('Subtitle', 'Ridgeway Learning Trust'),
    paragraph('The trust lends each teacher a laptop for planning, teaching and writing reports.'),
    styled('Heading1', 'Looking after the laptop'),
    bullet('Carry it in the padded bag it came with.'),
    bullet('Keep it out of sight in a car, and never leave it there overnight.'),
    bullet('Let only trust staff use it.'),
    styled('Heading1', 'If the laptop is lost or damaged'),
    numbered('Tell the IT office the same day.'),
    numbered('Fill in the loss form, saying:'),
    numbered('where and when you last had it;', 1),
    numbered("whether it held pupils' work.", 1),
    styled('Heading2', 'Insurance'),
    paragraph('The trust insures every laptop it lends. Staff pay nothing unless the loss was deliberate.'),
    table([
      ['Item', 'Replacement cost'],
      ['Laptop', '£720'],
      ['Charger', '£45'],
    ]),
    paragraph('Signed: ____________________   Date: ____________'),
    paragraph('Printed name: ____________________'),
  ],
  'governor-visits': [
    boldParagraph('Governor Visits and School Systems'),
    paragraph(
      'Governors of Oakfield Infant School visit classes during the school day. This note says what they may see and record.',
    ),
    boldParagraph('Before a visit'),
    paragraph('• Agree the focus of the visit with the headteacher.'),
    paragraph('• Sign in at reception and wear the visitor lanyard.'),
    boldParagraph('During a visit'),
    leadIn('Photographs – ', 'governors do not photograph pupils or their work.'),
    leadIn('Notes – ', 'notes use no pupil\'s name; write "a Year 2 pupil" instead.'),
    boldParagraph('After a visit'),
    paragraph('The visit report is written on the governors’ shared area within a week.'),
    paragraph('Next review: July 2027'),
  ],
};
