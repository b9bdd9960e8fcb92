import { useRef, useState, type FormEvent } from 'react';
import { timerLimits, type TimerCommand } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { useModalDialog } from '../panels/modal-dialog.ts';
import { TimerBadge } from './TimerBadge.tsx';
import type { TimerView } from './use-timer.ts';

interface FacilitationDialogProps {
  t: Messages;
  timer: TimerView | null;
  presenting: boolean;
  /** Sends a timer command to the server; rejects with a message to show. */
  onTimer(command: TimerCommand): Promise<void>;
  onSummon(): void;
  onPresent(presenting: boolean): void;
  onClose(): void;
}

/**
 * The owner's session controls: start the shared timer (presets or own minutes), pause,
 * resume, extend or stop it; bring everyone's view here once, or present. The view actions
 * close the dialog, so the owner sees what the others are brought to.
 */
export function FacilitationDialog({ t, timer, presenting, onTimer, onSummon, onPresent, onClose }: FacilitationDialogProps) {
  const words = t.facilitation;
  const dialog = useRef<HTMLDivElement>(null);
  useModalDialog(dialog, onClose);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [minutes, setMinutes] = useState('');
  const [minutesInvalid, setMinutesInvalid] = useState(false);

  const run = (command: TimerCommand) => {
    setBusy(true);
    setError(undefined);
    onTimer(command)
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
      .finally(() => setBusy(false));
  };

  const startOwn = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(minutes);
    if (!Number.isInteger(value) || value < 1 || value > timerLimits.maxMinutes) {
      setMinutesInvalid(true);
      return;
    }
    setMinutesInvalid(false);
    run({ action: 'start', minutes: value });
  };

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div ref={dialog} className="dialog facilitation-dialog" role="dialog" aria-modal="true" aria-labelledby="facilitation-title" onClick={(event) => event.stopPropagation()}>
        <h2 id="facilitation-title">{words.dialogTitle}</h2>
        {error && <p role="alert" className="error">{`${t.errorPrefix} ${error}`}</p>}
        <section aria-labelledby="facilitation-timer-heading" className="facilitation-section">
          <h3 id="facilitation-timer-heading">{words.timerHeading}</h3>
          {timer ? <TimerBadge view={timer} t={t} /> : <p className="hint">{words.noTimer}</p>}
          {timer && (
            <div className="row facilitation-buttons">
              {timer.timer.status === 'running' ? (
                <button type="button" disabled={busy} onClick={() => run({ action: 'pause' })}>
                  {words.pause}
                </button>
              ) : (
                <button type="button" disabled={busy} onClick={() => run({ action: 'resume' })}>
                  {words.resume}
                </button>
              )}
              {timerLimits.extendMinutes.map((extra) => (
                <button key={extra} type="button" className="secondary" disabled={busy} aria-label={words.extendLabel(extra)} onClick={() => run({ action: 'extend', minutes: extra })}>
                  {words.extend(extra)}
                </button>
              ))}
              <button type="button" className="secondary" disabled={busy} onClick={() => run({ action: 'stop' })}>
                {words.stop}
              </button>
            </div>
          )}
          <div role="group" aria-labelledby="facilitation-presets" className="row facilitation-buttons">
            <span id="facilitation-presets">{words.presets}</span>
            {timerLimits.presetMinutes.map((preset) => (
              <button key={preset} type="button" className="secondary" disabled={busy} aria-label={words.presetLabel(preset)} onClick={() => run({ action: 'start', minutes: preset })}>
                {words.presetMinutes(preset)}
              </button>
            ))}
          </div>
          <form className="row facilitation-own" onSubmit={startOwn} noValidate>
            <label htmlFor="facilitation-minutes">{words.ownMinutes}</label>
            <input
              id="facilitation-minutes"
              type="number"
              inputMode="numeric"
              min={1}
              max={timerLimits.maxMinutes}
              step={1}
              value={minutes}
              aria-invalid={minutesInvalid}
              aria-describedby={minutesInvalid ? 'facilitation-minutes-error' : undefined}
              onChange={(event) => setMinutes(event.target.value)}
            />
            <button type="submit" disabled={busy}>
              {words.startOwn}
            </button>
            {minutesInvalid && (
              <p id="facilitation-minutes-error" className="error" role="alert">
                {words.minutesRange(timerLimits.maxMinutes)}
              </p>
            )}
          </form>
        </section>
        <section aria-labelledby="facilitation-view-heading" className="facilitation-section">
          <h3 id="facilitation-view-heading">{words.viewHeading}</h3>
          <div className="row facilitation-buttons">
            <button type="button" aria-describedby="facilitation-summon-hint" onClick={onSummon}>
              {words.summon}
            </button>
            <button type="button" aria-describedby="facilitation-present-hint" onClick={() => onPresent(!presenting)}>
              {presenting ? words.stopPresenting : words.present}
            </button>
          </div>
          <p id="facilitation-summon-hint" className="hint">
            {words.summonHint}
          </p>
          <p id="facilitation-present-hint" className="hint">
            {words.presentHint}
          </p>
        </section>
        <div className="row">
          <button type="button" onClick={onClose}>
            {words.close}
          </button>
        </div>
      </div>
    </div>
  );
}
