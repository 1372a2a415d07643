import { boldParagraph, bullet, listItem, numbered, paragraph, styled, table } from '../docx';

/**
 * The corpus policies as Word documents, built the way a school's Word user would have written
 * them (Word's Title and Heading styles, its bulleted and numbered lists, real tables), from the
 * same words as the .txt files beside this one.
 */
export const documents: Record<string, string[]> = {
  'numbered-aup': [
    styled('Title', 'Fenwick Vale Academy: Staff Acceptable Use Policy'),
    styled('Heading1', '1. Scope'),
    paragraph(
      '1.1 This policy covers everyone who works at Fenwick Vale Academy – teachers, support staff, supply staff and volunteers – when they use the academy’s computers, accounts or network.',
    ),
    paragraph('1.2 It applies on site, at home and on trips, whichever device is used.'),
    styled('Heading1', '2. Accounts and passwords'),
    paragraph(
      '2.1 Each member of staff is given one account, and is responsible for everything done with it.',
    ),
    paragraph('2.2 Staff must not:'),
    numbered('share their password with anyone, including IT staff;', 1),
    numbered('write a password down where others could find it;', 1),
    numbered('use their school password for any other website.', 1),
    paragraph(
      '2.3 A password that may be known to someone else is changed at once, and the “IT helpdesk” is told.',
    ),
    styled('Heading1', '3. Email and messages'),
    paragraph(
      '3.1 Staff contact parents and pupils only through school systems… never from a personal account or number.',
    ),
    paragraph('3.2 Messages are written as if a governor might read them.'),
    styled('Heading1', '4. Equipment'),
    paragraph('4.1 A lost laptop costs the academy around £650 to replace; report a loss the same day.'),
    paragraph(
      '4.2 Staff’s own devices — phones, tablets, watches — join only the “FV-Guest” network; the ‘FV-Staff’ network is for academy devices.',
    ),
  ],
  'code-of-conduct': [
    styled('Title', 'HOLLYBROOK PRIMARY SCHOOL ONLINE CODE OF CONDUCT'),
    paragraph(
      'This code is for every pupil in Years 3 to 6. We read it together in class at the start of each year.',
    ),
    styled('Heading1', 'When I am online at school'),
    bullet('I only use the websites and apps my teacher has chosen.'),
    bullet('I ask before I print, download or install anything.'),
    bullet('I keep my login to myself and log out when I finish.'),
    bullet('I am kind in everything I write, because real people read it.'),
    bullet('I never share my full name, address or school with someone I meet online.'),
    styled('Heading1', 'If something worries me'),
    numbered('I turn off the screen or close the lid.'),
    numbered('I tell my teacher or another adult straight away.'),
    numbered('I do not delete anything, so the adult can see what happened.'),
    styled('Heading1', 'Using the class tablets'),
    paragraph(
      'Tablets stay in the classroom. We carry them with two hands and put them back on charge at the end of the lesson.',
    ),
  ],
  tables: [
    styled('Title', 'Who to Tell About a Problem with IT'),
    paragraph(
      'Every problem with a computer, account or piece of data has someone responsible for it. Tell the person below as soon as you notice the problem, and always within the school day.',
    ),
    table([
      ['Role', 'Name', 'Where to find them'],
      ['Designated Safeguarding Lead', 'Mrs R Adeyemi', 'Office next to the hall'],
      ['Data Protection Officer', 'Mr J Whitlow', 'Trust office, Ellis Road'],
      ['IT Technician', 'Ms K Doherty', 'IT room, Tuesdays and Thursdays (email other days)'],
    ]),
    styled('Heading1', 'How quickly each kind of problem is dealt with'),
    table([
      ['Problem', 'Who deals with it', 'Within'],
      ['A pupil at risk', 'Designated Safeguarding Lead', 'The same hour'],
      ['Lost or stolen device', 'IT Technician', 'One school day'],
      ['Personal data sent to the wrong person', 'Data Protection Officer', '72 hours, including weekends'],
    ]),
    paragraph('If the person responsible is away, tell the headteacher instead.'),
  ],
  'signature-review': [
    styled('Title', 'Hollybrook Primary School: Volunteer Agreement for Computers and the Internet'),
    paragraph('Version: 2025.2'),
    paragraph('Date approved: 14 October 2025'),
    paragraph('Review date: 1 September 2025'),
    paragraph('Next review: September 2026'),
    paragraph(
      "Volunteers help in classrooms, on trips and in the library. While they do, they may use school laptops and the visitors' wireless network.",
    ),
    styled('Heading1', 'What we ask of volunteers'),
    bullet('Use the visitor login you are given, and only for the task you have been asked to do.'),
    bullet('Do not connect your own phone or laptop to school equipment.'),
    bullet('Tell the class teacher at once if a pupil shows you something upsetting on a screen.'),
    paragraph('I have read this agreement and will follow it while I volunteer at Hollybrook.'),
    table([
      ['Signed:', 'Date:'],
      ['Printed name:', ''],
      ['Job title:', ''],
    ]),
  ],
  'staff-phones': [
    styled('Title', 'Ashcombe Learning Trust'),
    styled('Subtitle', 'Staff Mobile Phones and Smartwatches'),
    paragraph('Version 3'),
    paragraph('Approved by the trust board: 4 March 2026'),
    paragraph('Next review: March 2027'),
    styled('Heading1', 'SECTION 1: PURPOSE'),
    paragraph(
      'A phone in the wrong place can put a pupil at risk or let a lesson drift. This policy says where and when staff may use their own phones and smartwatches, and what they never do with them.',
    ),
    styled('Heading1', 'SECTION 2: WHERE PHONES MAY BE USED'),
    paragraph('Staff may use a personal phone only in:'),
    listItem(4, 'the staff room;'),
    listItem(4, 'an office with the door closed;'),
    listItem(4, 'the car park, before or after the school day.'),
    paragraph('Phones are never used in toilets, changing rooms or near the pool.'),
    styled('Heading1', 'SECTION 3: PHOTOGRAPHS AND RECORDINGS'),
    paragraph('Staff never photograph or record pupils on a personal device. Instead they:'),
    bullet('use a school camera or tablet;'),
    bullet('upload the pictures to the “Media” area of the shared drive the same day;'),
    bullet('delete them from the device once they are uploaded.'),
    styled('Heading1', 'SECTION 4: SMARTWATCHES'),
    paragraph(
      'A smartwatch that can take calls or messages is treated as a phone. Notifications are silenced during lessons; a watch that can take pictures is left in a locker on trips to the pool.',
    ),
  ],
  'colon-headings': [
    styled('Title', 'STAFF SOCIAL MEDIA GUIDANCE'),
    styled('Heading1', '1 Introduction'),
    paragraph(
      'Staff at Ashcombe schools may use social media in their own lives. This guidance explains how to do so without putting pupils, colleagues or their own careers at risk.',
    ),
    styled('Heading1', '2 Personal accounts'),
    boldParagraph('Personal accounts:'),
    paragraph('Keep them private, and do not accept friend or follow requests from pupils or their parents.'),
    boldParagraph('School accounts:'),
    paragraph(
      "Only the office posts on the school's accounts, and only photographs of pupils whose parents have agreed.",
    ),
    styled('Heading1', '3 What never to post'),
    bullet('anything about a pupil, even without a name;'),
    bullet('complaints about a colleague or the school;'),
    bullet('photographs taken on a school trip.'),
    styled('Heading1', '4 Getting help'),
    paragraph(
      'If a pupil or parent contacts you on a personal account, do not reply. Tell the headteacher the same day.',
    ),
  ],
  'grid-table': [
    styled('Title', 'Loan Equipment Agreement for Pupils'),
    paragraph(
      'Pupils in Years 10 and 11 may borrow a school laptop for coursework. This agreement says what we lend, for how long and what happens if it is damaged.',
    ),
    table([
      ['Item', 'Loan period', 'If lost or broken'],
      ['Laptop', 'One school year', 'Reported the same day to IT'],
      ['Charger', 'With the laptop', 'Replaced at cost'],
      ['Headphones', 'Kept by the pupil', 'Not replaced'],
    ]),
    paragraph('The laptop stays in its case when it is carried, and is charged at home overnight.'),
    table([
      ['Pupil signature:', 'Parent/carer signature:', 'Date:'],
      ['', '', ''],
    ]),
  ],
};
