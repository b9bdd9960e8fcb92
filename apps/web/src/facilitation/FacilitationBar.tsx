import { useCallback, useEffect, useState } from 'react';
import { useValue, type Atom, type Editor } from 'tldraw';
import type { Awareness } from 'y-protocols/awareness';
import type { Role, TimerCommand } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';
import { deferred, DeferredPart } from '../lazy/deferred.tsx';
import type { ConnectionStatus } from '../sync/board-connection.ts';
import { useAnnouncer } from './announcer.ts';
import { sendTimerCommand } from './facilitation-api.ts';
import { FollowStatus } from './FollowStatus.tsx';
import { FacilitationPublisher, followFacilitator, type FollowEvent } from './presenter.ts';
import { ServerClockEstimate } from './server-clock.ts';
import { TimerBadge } from './TimerBadge.tsx';
import { useTimer, useTimerAnnouncements } from './use-timer.ts';

// The owner's controls: fetched when first opened (or warmed once the board is shown).
const FacilitationDialog = deferred('FacilitationDialog', () => import('./FacilitationDialog.tsx').then((module) => module.FacilitationDialog));

interface FacilitationBarProps {
  editor: Editor;
  awareness: Awareness;
  /** The board connection's status: the server's clock is sampled again after each reconnect (a device that slept may have drifted). */
  status: Atom<ConnectionStatus>;
  boardId: string;
  /** This device's token for the board: the clock for everyone, timer commands for the owner. */
  token: string;
  role: Role;
  t: Messages;
}

/**
 * The facilitation part of the board header: the shared timer for everyone, the owner's
 * "run the session" controls, "you are following …" with the way out, and one polite live
 * region that says what happens (timer started, paused, one minute left, the end; brought
 * here; a presentation starts or ends).
 */
export function FacilitationBar({ editor, awareness, status, boardId, token, role, t }: FacilitationBarProps) {
  const owner = role === 'owner';
  const [clock] = useState(() => new ServerClockEstimate());
  const connected = useValue('connected', () => status.get() === 'connected', [status]);
  useEffect(() => (connected ? clock.estimate(boardId, token) : undefined), [clock, boardId, token, connected]);
  const [announcement, announce] = useAnnouncer();
  const timer = useTimer(editor, clock);
  useTimerAnnouncements(timer, t, announce);

  const [publisher] = useState(() => (owner ? new FacilitationPublisher(awareness) : null));
  const presenting = useValue('presenting', () => publisher !== null && publisher.state.get().presenting !== null, [publisher]);
  const [controlsOpen, setControlsOpen] = useState(false);

  // Everyone but the owner obeys her summons and presentations.
  useEffect(() => {
    if (owner) return;
    const words = t.facilitation.announce;
    const say = (event: FollowEvent) => announce(words[event.kind](event.name || t.facilitation.someone));
    return followFacilitator(editor, awareness, say);
  }, [owner, editor, awareness, t, announce]);

  const onTimer = useCallback(async (command: TimerCommand) => {
    await sendTimerCommand(boardId, token, command);
  }, [boardId, token]);

  return (
    <div className="facilitation-bar">
      {timer && <TimerBadge view={timer} t={t} />}
      {owner && (
        <button type="button" className="secondary" onClick={() => setControlsOpen(true)}>
          {t.facilitation.openControls}
        </button>
      )}
      {owner && presenting && (
        <span className="facilitation-follow">
          <span>{t.facilitation.presenting}</span>
          <button type="button" className="secondary" onClick={() => publisher?.stopPresenting()}>
            {t.facilitation.stopPresenting}
          </button>
        </span>
      )}
      <FollowStatus editor={editor} t={t} />
      <p className="visually-hidden facilitation-announcer" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {controlsOpen && publisher && (
        <DeferredPart t={t} quiet>
          <FacilitationDialog
            t={t}
            timer={timer}
            presenting={presenting}
            onTimer={onTimer}
            onSummon={() => {
              publisher.summon(editor);
              setControlsOpen(false);
            }}
            onPresent={(next) => {
              if (next) publisher.startPresenting();
              else publisher.stopPresenting();
              setControlsOpen(false);
            }}
            onClose={() => setControlsOpen(false)}
          />
        </DeferredPart>
      )}
    </div>
  );
}
