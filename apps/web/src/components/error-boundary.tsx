import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props of ErrorBoundary; a new `resetKey` clears a caught error. */
export interface ErrorBoundaryProps {
  children: ReactNode;
  resetKey: string;
  label: string;
}

interface State {
  error: Error | null;
  key: string;
}

/** Keeps one failing panel from blanking the whole dashboard. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`${this.props.label} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div className="panel-error" role="alert">
        <strong>{this.props.label} failed</strong>
        <span className="muted">{error.message}</span>
        <button type="button" className="text-btn" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
