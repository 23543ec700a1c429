import { createInterface } from 'node:readline/promises';
import { answerProblem, type SiteAnswers } from './index.js';

type Question = { field: 'title' | 'url' | 'language' | 'timezone'; label: string };

const QUESTIONS: Question[] = [
  { field: 'title', label: 'Site title' },
  { field: 'url', label: 'Address it will be published at (blank for none yet)' },
  { field: 'language', label: 'Language (BCP 47 tag)' },
  { field: 'timezone', label: 'Time zone (IANA name)' },
];

/**
 * Ask for each answer not given by a flag, on the terminal, offering the
 * default; an answer that cannot be used is asked again.
 * @param given Answers from flags (they are not asked).
 * @param defaults What Enter accepts.
 */
export async function askAnswers(
  given: Partial<Record<Question['field'], string>>,
  defaults: Record<Question['field'], string>,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<Record<Question['field'], string>> {
  const rl = createInterface({ input, output });
  const answers = { ...defaults, ...given };
  try {
    for (const { field, label } of QUESTIONS) {
      if (given[field] !== undefined) continue;
      for (;;) {
        const shown = defaults[field] === '' ? '' : ` (${defaults[field]})`;
        const reply = (await rl.question(`${label}${shown}: `)).trim();
        const value = reply === '' ? defaults[field] : reply;
        const problem = answerProblem(field as keyof SiteAnswers, value);
        if (!problem) {
          answers[field] = value;
          break;
        }
        output.write(`${problem}\n`);
      }
    }
  } finally {
    rl.close();
  }
  return answers;
}
