"""Writes a one-sheet XLSX workbook with python's zipfile, for CLI import tests.

Usage: mkxlsx.py OUT.xlsx "a|b|c" "1|2|3" ...  (one argument per row, cells split
at |; numbers are written as numbers, other text as inline strings, empty
cells are left out).
"""
import sys, zipfile
rows = [r.split('|') for r in sys.argv[2:]]
def col(i): return chr(65 + i)
sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
for r, cells in enumerate(rows, 1):
    sheet.append('<row r="%d">' % r)
    for c, v in enumerate(cells):
        if v == '': continue
        ref = '%s%d' % (col(c), r)
        try:
            float(v); sheet.append('<c r="%s"><v>%s</v></c>' % (ref, v))
        except ValueError:
            sheet.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v))
    sheet.append('</row>')
sheet.append('</sheetData></worksheet>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hasil" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr('xl/worksheets/sheet1.xml', ''.join(sheet))
