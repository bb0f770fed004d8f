/** QR codes as data: URLs (img-src allows data:), drawn locally: nothing leaves the room. */
import qrcode from 'qrcode-generator';

export function qrDataUrl(text: string, cellSize = 8, margin = 4): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return qr.createDataURL(cellSize, margin);
}
