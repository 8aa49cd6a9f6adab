/**
 * `mchd verify FILE.xml --sig FILE.sig [--at DATETIME] [--trust DIR] [--json]`: `inspect` plus the detached
 * signature (../shared/API.md). Every part of the verdict is reported even when another fails.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { inspectReport, readPowerOfAttorney, type PowerOfAttorneyDocument } from '@mchd/format';
import {
  TrustStore,
  matchSigner,
  verifyAllSigners,
  type SignatureVerdict,
  type SignerCandidate,
  type SignerMatch,
} from '@mchd/pki';
import { type CommandIo, type CommandRun, ExitCode, UsageError } from '../command.js';

interface Args {
  file: string;
  sig: string;
  at?: Date;
  trust?: string;
  json: boolean;
}

function parseArgs(args: string[]): Args {
  let file: string | undefined;
  let sig: string | undefined;
  let at: Date | undefined;
  let trust: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--sig') sig = value();
    else if (a === '--trust') trust = value();
    else if (a === '--at') {
      const text = value();
      const d = new Date(text);
      if (Number.isNaN(d.getTime())) throw new UsageError(`--at: not a date-time: ${text}`);
      at = d;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!file) throw new UsageError('usage: mchd verify FILE.xml --sig FILE.sig [--at DATETIME] [--trust DIR] [--json]');
  if (!sig) throw new UsageError('--sig FILE.sig is required');
  return { file, sig, at, trust, json };
}

/**
 * Who may have signed the document: the principals' signatories (persons acting without a power of attorney, or
 * the principal person), or for a re-delegation those who pass the powers on (the parent's representative).
 */
export function signerCandidates(doc: PowerOfAttorneyDocument): SignerCandidate[] {
  const out: SignerCandidate[] = [];
  const person = (p: {
    inn?: string;
    snils?: string;
    person: { lastName: string; firstName: string; middleName?: string };
  }) =>
    out.push({
      inn: p.inn,
      snils: p.snils,
      lastName: p.person.lastName,
      firstName: p.person.firstName,
      middleName: p.person.middleName,
    });
  if (doc.redelegated) {
    for (const t of doc.redelegated.transferors) {
      if (t.person) person(t.person);
      if (t.entrepreneur) person(t.entrepreneur);
      if (t.branch) person(t.branch.head);
      for (const a of t.legalEntity?.actingWithoutPowerOfAttorney ?? []) {
        if (a.individual) person(a.individual);
        if (a.entrepreneur) person(a.entrepreneur);
        for (const i of a.managementCompany?.individuals ?? []) person(i);
      }
      for (const h of t.foreignBranch?.heads ?? []) person(h);
    }
    return out;
  }
  for (const p of doc.principals) {
    for (const a of p.legalEntity?.actingWithoutPowerOfAttorney ?? []) {
      if (a.individual) person(a.individual);
      if (a.entrepreneur) person(a.entrepreneur);
      for (const i of a.managementCompany?.individuals ?? []) person(i);
    }
    for (const h of p.foreignEntity?.heads ?? []) person(h);
    if (p.entrepreneur) person(p.entrepreneur);
    if (p.person) {
      person(p.person);
      if (p.person.legalRepresentative?.individual) person(p.person.legalRepresentative.individual);
    }
  }
  return out;
}

function signatureJson(v: SignatureVerdict, match: SignerMatch) {
  return {
    valid: v.valid,
    algorithm: v.algorithm,
    signedAt: v.signedAt?.toISOString() ?? null,
    signedAtSource: v.signedAtSource,
    digestMatches: v.digestMatches,
    signatureValid: v.signatureValid,
    signer: v.signer
      ? {
          subject: v.signer.subject,
          inn: v.signer.inn ?? null,
          innLe: v.signer.innLe ?? null,
          snils: v.signer.snils ?? null,
          ogrn: v.signer.ogrn ?? null,
          serialNumber: v.signer.serialNumber,
          thumbprint: v.signer.thumbprint,
          notBefore: v.signer.notBefore.toISOString(),
          notAfter: v.signer.notAfter.toISOString(),
          qualified: v.signer.qualified,
        }
      : null,
    chainValid: v.chainValid,
    certificateValidAtSigning: v.certificateValidAtSigning,
    timestamp: v.timestamp ? { time: v.timestamp.time.toISOString(), valid: v.timestamp.valid } : null,
    signerMatchesPrincipal: match.matched,
    signerMatch: match.strength,
  };
}

async function readInput(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/**
 * Runs `mchd verify`. Exit 0 when document, signature and signer are all valid, 1 when something is invalid,
 * 2 on usage or system errors (unreadable files or trust directory).
 *
 * @example
 * ```ts
 * const code = await run(['poa.xml', '--sig', 'poa.xml.sig', '--trust', './trust', '--json'], io);
 * ```
 */
export const run: CommandRun = async (args: string[], io: CommandIo): Promise<number> => {
  const a = parseArgs(args);
  const xmlPath = resolve(io.cwd, a.file);
  const xml = await readInput(xmlPath, 'document');
  const sig = await readInput(resolve(io.cwd, a.sig), 'signature');
  const trustDir = a.trust ?? io.env.MCHD_TRUST_DIR;
  const trustStore = trustDir
    ? await TrustStore.fromDirectory(resolve(io.cwd, trustDir))
    : TrustStore.fromCertificates([]);

  const read = readPowerOfAttorney(xml, { fileName: basename(xmlPath) });
  const report = inspectReport(read);
  // A jointly signed document carries one SignerInfo per signer: every one must hold and be a signatory.
  const verdicts = await verifyAllSigners({ content: xml, signature: sig, trustStore, at: a.at });
  const candidates = read.document ? signerCandidates(read.document) : [];
  const matches: SignerMatch[] = verdicts.map((v) =>
    v.signer && read.document ? matchSigner(v.signer, candidates) : { matched: false, strength: 'none' },
  );
  const verdict = verdicts[0] as SignatureVerdict;
  const match = matches[0] as SignerMatch;

  const errors: { code: string; path: string | null; message: string }[] = [
    ...report.errors.map((e) => ({ code: e.code, path: e.path, message: e.message })),
    ...verdicts.flatMap((v) => v.errors.map((e) => ({ code: e.code, path: null, message: e.message }))),
  ];
  verdicts.forEach((v, i) => {
    if (v.signer && read.document && !(matches[i] as SignerMatch).matched) {
      errors.push({
        code: 'SIGNER_NOT_AUTHORIZED',
        path: null,
        message: `${v.signer.subject}: ${
          read.document.redelegated
            ? 'not the representative who passes the powers on'
            : "none of the principal's signatories"
        }`,
      });
    }
  });
  if (!trustDir) {
    errors.push({
      code: 'UNTRUSTED_ROOT',
      path: null,
      message: 'no trust store: pass --trust DIR or set MCHD_TRUST_DIR',
    });
  }
  const valid = report.valid && verdicts.every((v, i) => v.valid && (matches[i] as SignerMatch).matched);
  const output = {
    valid,
    format: report.format,
    errors: dedupe(errors),
    document: report.document,
    signature: signatureJson(verdict, match),
    ...(verdicts.length > 1 ? { signers: verdicts.map((v, i) => signatureJson(v, matches[i] as SignerMatch)) } : {}),
  };
  if (a.json) {
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    const s = output.signature;
    const yes = (b: boolean) => (b ? 'yes' : 'NO');
    io.stdout(
      [
        `${valid ? 'VALID' : 'INVALID'}: ${a.file}`,
        `  document:      ${report.valid ? 'valid' : 'invalid'} (${report.format ?? 'unknown format'})${report.document?.guid ? `, ${report.document.guid}` : ''}`,
        `  algorithm:     ${s.algorithm ?? '-'}`,
        `  signed at:     ${s.signedAt ?? '-'}${s.signedAtSource ? ` (${s.signedAtSource})` : ''}`,
        `  digest:        ${yes(s.digestMatches)}`,
        `  signature:     ${yes(s.signatureValid)}`,
        `  chain:         ${yes(s.chainValid)}`,
        `  cert at time:  ${yes(s.certificateValidAtSigning)}`,
        `  signer:        ${s.signer ? `${s.signer.subject} (thumbprint ${s.signer.thumbprint})` : '-'}`,
        `  signer match:  ${s.signerMatch}`,
        ...output.errors.map((e) => `  ${e.code}${e.path ? ` at ${e.path}` : ''}: ${e.message}`),
        '',
      ].join('\n'),
    );
  }
  return valid ? ExitCode.OK : ExitCode.INVALID;
};

function dedupe<T extends { code: string; message: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.code}|${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
