// A stand-in for GitHub's REST API (comments, issues, deployments, dispatches) that records every call.
// size: one stand-in for one API: its routes, pagination and scripted failures share the state they answer from.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake GitHub API received. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  status: number;
}

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

interface Comment {
  id: number;
  issue: number;
  body: string;
  user: FakeUser;
  html_url: string;
  created_at: string;
  updated_at: string;
}

interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  user: FakeUser;
  html_url: string;
  pull_request?: { url: string };
}

interface Deployment {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  description: string | null;
  payload: unknown;
  task: string;
  auto_merge: boolean;
  required_contexts: string[];
  statuses: { id: number; state: string; description?: string; environment_url?: string; log_url?: string }[];
}

/** The bot identity GitHub gives comments made with the job's GITHUB_TOKEN. */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

/** A canned answer: status, optional JSON body and headers (e.g. retry-after). */
export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A 502 from GitHub's front end: nothing happened, the request may be repeated. */
export const BAD_GATEWAY: ScriptedResponse = { status: 502, body: { message: 'Server Error' } };

/** GitHub's secondary rate limit: 403 with retry-after (seconds); nothing happened. */
export const SECONDARY_RATE_LIMIT: ScriptedResponse = {
  status: 403,
  headers: { 'retry-after': '1' },
  body: {
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    documentation_url:
      'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
  },
};

type Handler = (
  match: RegExpMatchArray,
  req: ParsedRequest,
) => { status: number; body?: unknown; headers?: Record<string, string> };
interface ParsedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
}

/**
 * A stand-in for the GitHub REST API on 127.0.0.1 that keeps state (comments, issues, deployments, dispatches) and
 * records every call. It answers the calls our actions make the way GitHub does, including pagination Link headers
 * and the 403 that an installation token gets from GET /user.
 */
export class FakeGitHub {
  readonly calls: RecordedCall[] = [];
  readonly comments: Comment[] = [];
  readonly issues: Issue[] = [];
  readonly deployments: Deployment[] = [];
  readonly dispatches: {
    workflow: string;
    ref: string;
    inputs: Record<string, string>;
    id?: number;
    created_at?: string;
  }[] = [];
  /** Workflow runs the API has been asked about: created when first seen (GitHub keeps it across attempts). */
  readonly runs = new Map<string, { id: number; created_at: string }>();
  /** A synthetic clock, one minute per event, so "created since" is deterministic. */
  private clock = Date.parse('2026-11-01T00:00:00Z');
  /** The identity behind the token; null models GITHUB_TOKEN (GET /user is forbidden). */
  tokenUser: FakeUser | null = null;
  /** Requests must carry this token. */
  token = 'ghs_harnessToken0123456789';
  defaultBranch = 'main';
  /** Scripted answers served, in order, to the next matching requests before the API handles them (no effect). */
  private readonly scripted: { method: string; pattern: RegExp; responses: ScriptedResponse[] }[] = [];
  /** Extra routes or overrides, checked first (e.g. to inject failures). */
  readonly overrides: { method: string; pattern: RegExp; handler: Handler }[] = [];
  private server: Server | undefined;
  private nextId = 1000;
  url = '';

  /** Start listening on an ephemeral loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /**
   * Answer the next matching requests with these responses, one each, without touching any state (as GitHub does for
   * a 502 from its front end or a rate limit), then handle requests normally again.
   */
  script(method: string, pattern: RegExp, ...responses: ScriptedResponse[]): void {
    this.scripted.push({ method, pattern, responses: [...responses] });
  }

  /** Calls matching a method and a path (string prefix or regex). */
  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
    );
  }

  /** Calls that changed something (anything but GET). */
  writes(): RecordedCall[] {
    return this.calls.filter((c) => c.method !== 'GET');
  }

  /** Seed a comment, e.g. one by another user that quotes our marker. */
  seedComment(issue: number, body: string, user: FakeUser = ACTIONS_BOT): Comment {
    const id = this.nextId++;
    const now = new Date().toISOString();
    const comment = {
      id,
      issue,
      body,
      user,
      html_url: `https://github.com/o/r/issues/${issue}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
    this.comments.push(comment);
    return comment;
  }

  /** Seed an issue or pull request. */
  seedIssue(partial: Partial<Issue> & { title: string }): Issue {
    const number = this.issues.length + 1;
    const issue: Issue = {
      number,
      body: '',
      state: 'open',
      labels: [],
      user: ACTIONS_BOT,
      html_url: `https://github.com/o/r/issues/${number}`,
      ...partial,
    };
    this.issues.push(issue);
    return issue;
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  commentsOn(issue: number): Comment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  private routes(): { method: string; pattern: RegExp; handler: Handler }[] {
    const repo = '/repos/([^/]+)/([^/]+)';
    return [
      {
        method: 'GET',
        pattern: /^\/user$/,
        handler: () =>
          this.tokenUser
            ? { status: 200, body: this.tokenUser }
            : { status: 403, body: { message: 'Resource not accessible by integration' } },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}$`),
        handler: (m) => ({
          status: 200,
          body: { name: m[2], full_name: `${m[1]}/${m[2]}`, default_branch: this.defaultBranch },
        }),
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/issues/(\\d+)/comments$`),
        handler: (m, req) => this.page(this.commentsOn(Number(m[3])), req),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${repo}/issues/(\\d+)/comments$`),
        handler: (m, req) => {
          if (typeof req.body?.body !== 'string')
            return { status: 422, body: { message: 'body is missing' } };
          if (req.body.body.length > 65536)
            return { status: 422, body: { message: 'body is too long (maximum is 65536 characters)' } };
          return {
            status: 201,
            body: this.seedComment(Number(m[3]), req.body.body, this.tokenUser ?? ACTIONS_BOT),
          };
        },
      },
      {
        method: 'PATCH',
        pattern: new RegExp(`^${repo}/issues/comments/(\\d+)$`),
        handler: (m, req) => {
          const comment = this.comments.find((c) => c.id === Number(m[3]));
          if (!comment) return { status: 404, body: { message: 'Not Found' } };
          if (req.body.body.length > 65536)
            return { status: 422, body: { message: 'body is too long (maximum is 65536 characters)' } };
          comment.body = req.body.body;
          comment.updated_at = new Date().toISOString();
          return { status: 200, body: comment };
        },
      },
      {
        method: 'DELETE',
        pattern: new RegExp(`^${repo}/issues/comments/(\\d+)$`),
        handler: (m) => {
          const index = this.comments.findIndex((c) => c.id === Number(m[3]));
          if (index < 0) return { status: 404, body: { message: 'Not Found' } };
          this.comments.splice(index, 1);
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/issues$`),
        handler: (_m, req) => {
          const labels = (req.query.labels ?? '').split(',').filter(Boolean);
          const state = req.query.state ?? 'open';
          const found = this.issues.filter(
            (i) =>
              (state === 'all' || i.state === state) &&
              labels.every((l) => i.labels.some((x) => x.name === l)) &&
              (!req.query.creator || i.user.login === req.query.creator),
          );
          return this.page(found, req);
        },
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${repo}/issues$`),
        handler: (_m, req) => {
          const labels = (req.body.labels ?? []).map((l: string | { name: string }) =>
            typeof l === 'string' ? { name: l } : l,
          );
          return {
            status: 201,
            body: this.seedIssue({
              title: req.body.title,
              body: req.body.body ?? '',
              labels,
              user: this.tokenUser ?? ACTIONS_BOT,
            }),
          };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/issues/(\\d+)$`),
        handler: (m) => {
          const issue = this.issues.find((i) => i.number === Number(m[3]));
          return issue ? { status: 200, body: issue } : { status: 404, body: { message: 'Not Found' } };
        },
      },
      {
        method: 'PATCH',
        pattern: new RegExp(`^${repo}/issues/(\\d+)$`),
        handler: (m, req) => {
          const issue = this.issues.find((i) => i.number === Number(m[3]));
          if (!issue) return { status: 404, body: { message: 'Not Found' } };
          Object.assign(issue, req.body);
          return { status: 200, body: issue };
        },
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${repo}/actions/workflows/([^/]+)/dispatches$`),
        handler: (m, req) => {
          if (!req.body?.ref) return { status: 422, body: { message: 'ref is required' } };
          this.dispatches.push({
            workflow: decodeURIComponent(m[3]!),
            ref: req.body.ref,
            inputs: req.body.inputs ?? {},
            id: this.nextId++,
            created_at: this.tick(),
          });
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/actions/runs/(\\d+)$`),
        handler: (m) => {
          const run = this.runs.get(m[3]!) ?? { id: Number(m[3]), created_at: this.tick() };
          this.runs.set(m[3]!, run);
          return { status: 200, body: { ...run, html_url: `https://github.com/o/r/actions/runs/${run.id}` } };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/actions/workflows/([^/]+)/runs$`),
        handler: (m, req) => {
          const since = req.query.created?.startsWith('>=')
            ? Date.parse(req.query.created.slice(2))
            : -Infinity;
          const runs = this.dispatches
            .filter(
              (d) =>
                d.workflow === decodeURIComponent(m[3]!) &&
                (!req.query.event || req.query.event === 'workflow_dispatch') &&
                (!req.query.branch || req.query.branch === d.ref) &&
                Date.parse(d.created_at!) >= since,
            )
            .map((d) => ({
              id: d.id,
              event: 'workflow_dispatch',
              head_branch: d.ref,
              created_at: d.created_at,
              html_url: `https://github.com/o/r/actions/runs/${d.id}`,
            }))
            .reverse();
          return { status: 200, body: { total_count: runs.length, workflow_runs: runs } };
        },
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${repo}/deployments$`),
        handler: (_m, req) => {
          const deployment: Deployment = {
            id: this.nextId++,
            ref: req.body.ref,
            sha: req.body.sha ?? req.body.ref,
            environment: req.body.environment ?? 'production',
            description: req.body.description ?? null,
            payload: req.body.payload ?? {},
            task: req.body.task ?? 'deploy',
            auto_merge: req.body.auto_merge ?? true,
            required_contexts: req.body.required_contexts ?? [],
            statuses: [],
          };
          this.deployments.push(deployment);
          return { status: 201, body: deployment };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/deployments$`),
        handler: (_m, req) =>
          this.page(
            this.deployments
              .filter(
                (d) =>
                  (!req.query.environment || d.environment === req.query.environment) &&
                  (!req.query.sha || d.sha === req.query.sha),
              )
              .slice()
              .reverse(),
            req,
          ),
      },
      {
        method: 'POST',
        pattern: new RegExp(`^${repo}/deployments/(\\d+)/statuses$`),
        handler: (m, req) => {
          const deployment = this.deployments.find((d) => d.id === Number(m[3]));
          if (!deployment) return { status: 404, body: { message: 'Not Found' } };
          const status = { id: this.nextId++, ...req.body };
          deployment.statuses.push(status);
          return { status: 201, body: status };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${repo}/deployments/(\\d+)/statuses$`),
        handler: (m, req) => {
          const deployment = this.deployments.find((d) => d.id === Number(m[3]));
          return deployment
            ? this.page(deployment.statuses.slice().reverse(), req)
            : { status: 404, body: { message: 'Not Found' } };
        },
      },
    ];
  }

  /** GitHub-style pagination: per_page (max 100), page, and a Link header. */
  private page<T>(items: T[], req: ParsedRequest) {
    const perPage = Math.min(Number(req.query.per_page ?? 30) || 30, 100);
    const page = Math.max(Number(req.query.page ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const headers: Record<string, string> = {};
    if (page < last) {
      const link = (p: number) => {
        const params = new URLSearchParams({ ...req.query, per_page: String(perPage), page: String(p) });
        return `${this.url}${req.path}?${params}`;
      };
      headers.link = `<${link(page + 1)}>; rel="next", <${link(last)}>; rel="last"`;
    }
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const parsed: ParsedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: raw ? safeJson(raw) : undefined,
    };
    let result: { status: number; body?: unknown; headers?: Record<string, string> };
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      result = { status: 401, body: { message: 'Bad credentials' } };
    } else {
      result = { status: 404, body: { message: 'Not Found' } };
      const scripted = this.scripted.find(
        (s) => s.method === parsed.method && s.pattern.test(parsed.path) && s.responses.length > 0,
      );
      const routes = scripted ? [] : [...this.overrides, ...this.routes()];
      if (scripted) result = scripted.responses.shift()!;
      for (const route of routes) {
        const match = route.method === parsed.method ? parsed.path.match(route.pattern) : null;
        if (match) {
          result = route.handler(match, parsed);
          break;
        }
      }
    }
    this.calls.push({ ...parsed, headers: req.headers, status: result.status });
    res.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      ...(result.headers ?? {}),
    });
    res.end(result.body === undefined ? '' : JSON.stringify(result.body));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
