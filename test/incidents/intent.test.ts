import { editDistance, matchIntent, tokenise } from '../../src/incidents/intent';
import { incidentTypes } from '../../src/incidents/catalogue';

/** How staff actually put it, with the type each should land on (null: not an incident, or unclear). */
const phrasings: readonly (readonly [string, string | null])[] = [
  // virus / malware
  ['I think my laptop has a virus', 'virus'],
  ['my computer is acting weird, pop ups everywhere', 'virus'],
  ["there's malware on the office PC", 'virus'],
  ['Ransomware message on the library screen and the files are encrypted', 'virus'],
  ['the antivirus says it found a trojan', 'virus'],
  ['think ive got a virsu on my pc', 'virus'],
  ['Sophos flagged something nasty on my machine', 'virus'],
  ['a USB stick from a pupil infected the classroom computer', 'virus'],
  ["all the files on the shared drive have been renamed and there's a ransom note", 'virus'],
  ['my favourite teaching website now redirects to adverts and the PC crawls', 'virus'],
  // inadvertent access
  ['a pupil saw something awful on the projector', 'inadvertent_access'],
  ['inappropriate images came up when we searched for a topic in class', 'inadvertent_access'],
  ['a child got onto a porn site on the ipad', 'inadvertent_access'],
  ['an unsuitable website got through the filter', 'inadvertent_access'],
  ['the kids saw a violent video on youtube during the lesson', 'inadvertent_access'],
  ['I accidentally opened an inappropriate website', 'inadvertent_access'],
  [
    'something nasty popped up on the interactive whiteboard while the class was watching',
    'inadvertent_access',
  ],
  ['year 5 found an adult site on the chromebooks', 'inadvertent_access'],
  ['the web filter let a gambling site through', 'inadvertent_access'],
  ['inapropriate content came up on screen', 'inadvertent_access'],
  // password compromised
  ['I think someone knows my password', 'password_compromised'],
  ["I've been hacked", 'password_compromised'],
  ['my account has been compromised', 'password_compromised'],
  ['I wrote my password on a post-it and it has gone', 'password_compromised'],
  ['a student watched me type my login', 'password_compromised'],
  ["someone logged into my email who isn't me", 'password_compromised'],
  ['I shared my password with a colleague', 'password_compromised'],
  ['pasword might be compromised', 'password_compromised'],
  ['got a sign in alert from another country on my Microsoft account', 'password_compromised'],
  ["a colleague's account is sending spam to the whole organisation", 'password_compromised'],
  // data breach
  ['a parent emailed a spreadsheet of pupils to the wrong person', 'data_breach'],
  ['I sent an email with pupil data to the wrong parent', 'data_breach'],
  ['personal data has been shared with someone who should not have it', 'data_breach'],
  ["we've had a data breach", 'data_breach'],
  ["I cc'd all the parents instead of bcc", 'data_breach'],
  ["a list of pupils' medical information was put on the website by mistake", 'data_breach'],
  ['GDPR breach - a letter with a pupil report went to the wrong address', 'data_breach'],
  ['confidential information about staff leaked to an outside organisation', 'data_breach'],
  ['someone from another organization got hold of our class lists', 'data_breach'],
  ['data breech, sent the SEN register to the wrong school', 'data_breach'],
  // child-safety concern
  ["I'm worried about a child in my class", 'child_safety'],
  ["a pupil told me they're being hurt at home", 'child_safety'],
  ['I have a safeguarding concern', 'child_safety'],
  ['a student disclosed abuse to me', 'child_safety'],
  ["a child came in with bruises and wouldn't say why", 'child_safety'],
  ["I'm concerned about a pupil's welfare", 'child_safety'],
  ['a girl in year 9 is being groomed by an older man', 'child_safety'],
  ['worried a pupil might self harm', 'child_safety'],
  ['safegaurding concern about a year 3 boy', 'child_safety'],
  ['a child said something that worried me about their home life', 'child_safety'],
  // cyberbullying
  ['a pupil is being bullied on Snapchat', 'cyberbullying'],
  ['kids are sending nasty messages to another student in a group chat', 'cyberbullying'],
  ['someone made a fake instagram account to mock a teacher', 'cyberbullying'],
  ['cyber bullying in the year 8 whatsapp group', 'cyberbullying'],
  ['a student posted humiliating photos of another child online', 'cyberbullying'],
  ['a colleague is being harassed on Facebook by parents', 'cyberbullying'],
  ['pupils are trolling a classmate on TikTok', 'cyberbullying'],
  ['cyberbulling', 'cyberbullying'],
  ['someone keeps posting horrible comments about a pupil online', 'cyberbullying'],
  ['a group of girls mocked and excluded her in their online chat', 'cyberbullying'],
  // lost or stolen device
  ['I left my laptop on the train', 'lost_device'],
  ['lost me phone on the bus', 'lost_device'],
  ['my school iPad was stolen from my car', 'lost_device'],
  ['a memory stick with reports on it is missing', 'lost_device'],
  ['my work laptop got nicked', 'lost_device'],
  ["can't find the school camera after the trip", 'lost_device'],
  ['someone stole a tablet from the classroom', 'lost_device'],
  ["I've mislaid my encrypted USB", 'lost_device'],
  ['laptop was stolen in a break in at home', 'lost_device'],
  ['lost my tablet', 'lost_device'],
  // suspicious email / attachment
  ['I clicked a link in a weird email', 'suspicious_email'],
  ['I got a phishing email', 'suspicious_email'],
  ['an email asking me to verify my account looks fake', 'suspicious_email'],
  ['opened an attachment from someone I do not know', 'suspicious_email'],
  ['received a strange email from the head asking for gift cards', 'suspicious_email'],
  ['suspicious attachment in my inbox', 'suspicious_email'],
  ["dodgy looking email from 'Microsoft' saying my mailbox is full", 'suspicious_email'],
  ['fishing email', 'suspicious_email'],
  ['scam email pretending to be from the bank', 'suspicious_email'],
  ['a colleague forwarded me an odd email with a zip attachment', 'suspicious_email'],
  // not incidents, or too vague to call
  ['thanks!', null],
  ["what's for lunch today", null],
  ['hello there', null],
  ['something happened', null],
];

describe('matching what people say to an incident type', () => {
  it(`gets at least 90% of ${phrasings.length} realistic phrasings right`, () => {
    const wrong: string[] = [];
    for (const [text, expected] of phrasings) {
      const match = matchIntent(text, incidentTypes);
      if ((match.type ?? null) !== expected) {
        wrong.push(
          `  "${text}": expected ${expected ?? 'unsure'}, got ${match.type ?? 'unsure'} ${JSON.stringify(match.candidates.slice(0, 3))}`,
        );
      }
    }
    const accuracy = (phrasings.length - wrong.length) / phrasings.length;
    console.log(
      `intent matching: ${phrasings.length - wrong.length}/${phrasings.length} right, accuracy ${(accuracy * 100).toFixed(1)}%` +
        (wrong.length ? `\n${wrong.join('\n')}` : ''),
    );
    expect(phrasings.length).toBeGreaterThanOrEqual(60);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('covers every type but "other" with at least ten phrasings', () => {
    for (const type of incidentTypes.filter((t) => t.id !== 'other')) {
      expect([type.id, phrasings.filter(([, expected]) => expected === type.id).length]).toEqual([
        type.id,
        expect.any(Number),
      ]);
      expect(phrasings.filter(([, expected]) => expected === type.id).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('is unsure when a message fits two types, and offers both, best first', () => {
    const match = matchIntent('lost my password and my laptop', incidentTypes);
    expect(match.type).toBeUndefined();
    expect(
      match.candidates
        .slice(0, 2)
        .map((c) => c.type)
        .sort(),
    ).toEqual(['lost_device', 'password_compromised']);
  });

  it('forgives typos of longer words, not of short ones, and reads British and American spellings alike', () => {
    expect(editDistance('virsu', 'virus')).toBe(1);
    expect(editDistance('safegaurding', 'safeguarding')).toBe(1);
    expect(tokenise("I've told the ORGANIZATION's office")).toEqual([
      'ive',
      'told',
      'the',
      'organisations',
      'office',
    ]);
    expect(matchIntent('my pin', incidentTypes).type).toBeUndefined();
  });
});
