import { RuntimeCallError } from '../../runtime.port';
import type { OciUser } from './oci-spec';
import { readInRootfs } from './read-in-rootfs';

interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

const NUMERIC = /^\d+$/;

function parseLines(text: string | undefined): string[][] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

function parsePasswd(text: string | undefined): PasswdEntry[] {
  return parseLines(text)
    .filter((f) => f.length >= 4 && NUMERIC.test(f[2] ?? '') && NUMERIC.test(f[3] ?? ''))
    .map((f) => ({ name: f[0] ?? '', uid: Number(f[2]), gid: Number(f[3]) }));
}

function parseGroup(text: string | undefined): GroupEntry[] {
  return parseLines(text)
    .filter((f) => f.length >= 3 && NUMERIC.test(f[2] ?? ''))
    .map((f) => ({ name: f[0] ?? '', gid: Number(f[2]), members: (f[3] ?? '').split(',').filter((m) => m !== '') }));
}

/**
 * The process user of `user` ("", "root", "uid", "uid:gid", "name", "name:group", …) as Docker
 * resolves it: names are looked up in the rootfs' /etc/passwd and /etc/group; a numeric uid takes
 * its gid from /etc/passwd when listed there, else 0; a named user also gets the groups that list
 * it as a member. An unknown name is an invalid-parameter error with Docker's wording.
 */
export async function resolveUser(rootfs: string, user: string): Promise<OciUser> {
  const [userPart = '', groupPart] = user.split(':', 2);
  if (userPart === '' && (groupPart === undefined || groupPart === '')) return { uid: 0, gid: 0 };
  const passwd = parsePasswd(await readInRootfs(rootfs, '/etc/passwd'));
  let entry: PasswdEntry | undefined;
  let uid: number;
  if (userPart === '') {
    uid = 0;
  } else if (NUMERIC.test(userPart)) {
    uid = Number(userPart);
    entry = passwd.find((e) => e.uid === uid);
  } else {
    entry = passwd.find((e) => e.name === userPart);
    if (entry === undefined) {
      if (userPart !== 'root') {
        throw new RuntimeCallError(`unable to find user ${userPart}: no matching entries in passwd file`, 'invalid');
      }
      entry = { name: 'root', uid: 0, gid: 0 };
    }
    uid = entry.uid;
  }
  let gid = entry?.gid ?? 0;
  const groups = parseGroup(await readInRootfs(rootfs, '/etc/group'));
  if (groupPart !== undefined && groupPart !== '') {
    if (NUMERIC.test(groupPart)) {
      gid = Number(groupPart);
    } else {
      const group = groups.find((g) => g.name === groupPart);
      if (group === undefined) {
        throw new RuntimeCallError(`unable to find group ${groupPart}: no matching entries in group file`, 'invalid');
      }
      gid = group.gid;
    }
  }
  const name = entry?.name;
  const additionalGids =
    name === undefined ? [] : groups.filter((g) => g.members.includes(name) && g.gid !== gid).map((g) => g.gid);
  return additionalGids.length > 0 ? { uid, gid, additionalGids: [...new Set(additionalGids)] } : { uid, gid };
}
