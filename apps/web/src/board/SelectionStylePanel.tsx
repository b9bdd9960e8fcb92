import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw';

/**
 * tldraw's style panel, shown only while the selection holds a shape it applies to (a drawing,
 * a geo shape, an arrow, text). Its colours and sizes do nothing for the Koppelkansen cards,
 * and open by default it covers the quadrant and the legend.
 */
export function SelectionStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor();
  const applies = useValue('style panel applies', () => editor.isIn('select') && editor.getSelectedShapeIds().length > 0 && editor.getSharedStyles().size > 0, [editor]);
  return applies ? <DefaultStylePanel {...props} /> : null;
}
