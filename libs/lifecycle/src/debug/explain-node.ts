export type NodeStatus = 'ok' | 'failed' | 'warning' | 'info';

/** One step of a start's causal tree. */
export interface ExplainNode {
  /** command | mount | network | runtime | error | exit | restart | cleanup | compensation | warning | stop | kill | pause | removal | ... */
  readonly step: string;
  /** In words. */
  readonly text: string;
  /** When it was recorded (RFC 3339); '' when derived. */
  readonly at: string;
  /** Since the previous node of the start. */
  readonly durationMs: number;
  readonly status: NodeStatus;
  readonly children: ExplainNode[];
  /** Revision of the event the node comes from; -1 when derived. */
  readonly revision: number;
}

export type StartOutcome = 'running' | 'exited' | 'failed' | 'in-progress';

export interface StartExplanation {
  readonly startId: string;
  /** One sentence: "start failed at runtime create: ... (exit 127); cleanup released network, ...". */
  readonly summary: string;
  readonly outcome: StartOutcome;
  readonly root: ExplainNode;
  /** From the start request to the start's last event. */
  readonly totalMs: number;
}

/** Renders a tree as indented lines (├─ └─), the way `berth explain` prints it. */
export function renderTree(
  root: ExplainNode,
  format: (node: ExplainNode) => string = (n) => n.text,
): string[] {
  const lines = [format(root)];
  const walk = (nodes: readonly ExplainNode[], prefix: string): void => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${format(node)}`);
      walk(node.children, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(root.children, '');
  return lines;
}
