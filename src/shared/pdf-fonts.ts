/**
 * DejaVu covers the names a school's staff and pupils have (Łukasz, Zoë, Ştefan, Ó'Brien…); PDF's
 * built-in fonts do not. Every PDF Conduct prints embeds these, registered as "regular" and "bold".
 */
export const unicodeFonts = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

export function useUnicodeFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  return doc.registerFont('regular', unicodeFonts.regular).registerFont('bold', unicodeFonts.bold);
}
