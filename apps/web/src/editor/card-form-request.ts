import { atom, type Atom, type Editor, type TLEventInfo, type TLShapeId } from 'tldraw';

/**
 * "Open this card's fields": asked by the toolbar (a new card), a double-click on a card and
 * Enter on a selected card; answered by the side panel, which shows the card tab and focuses
 * the card's first field. `serial` makes asking twice for the same card count twice.
 */
export interface CardFormRequest {
  id: TLShapeId;
  serial: number;
}

const requests = new WeakMap<Editor, Atom<CardFormRequest | null>>();

export function cardFormRequests(editor: Editor): Atom<CardFormRequest | null> {
  let request = requests.get(editor);
  if (!request) {
    request = atom<CardFormRequest | null>('card form request', null);
    requests.set(editor, request);
  }
  return request;
}

/** The request has been answered (its card's first field took the focus): later selections of that card leave the focus where it is. */
export function consumeCardForm(editor: Editor, answered: CardFormRequest): void {
  const request = cardFormRequests(editor);
  if (request.get() === answered) request.set(null);
}

export function requestCardForm(editor: Editor, id: TLShapeId): void {
  const request = cardFormRequests(editor);
  request.set({ id, serial: (request.get()?.serial ?? 0) + 1 });
}

/**
 * Enter or a double-click on the one selected card opens its fields (tldraw would start text
 * editing, which these cards do not have). Returns the function that stops listening.
 */
export function openCardFormOnGesture(editor: Editor, isCard: (type: string) => boolean): () => void {
  const onEvent = (info: TLEventInfo) => {
    const enter = info.type === 'keyboard' && info.name === 'key_up' && info.key === 'Enter';
    // A double-click on a card that is already selected lands on the selection, not the shape.
    const doubleClick = info.type === 'click' && info.name === 'double_click' && info.phase === 'up' && info.target === 'selection';
    if ((!enter && !doubleClick) || editor.getCurrentToolId() !== 'select') return;
    const shape = editor.getOnlySelectedShape();
    if (shape && isCard(shape.type)) requestCardForm(editor, shape.id);
  };
  editor.on('event', onEvent);
  return () => {
    editor.off('event', onEvent);
  };
}
