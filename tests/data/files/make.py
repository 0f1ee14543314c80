#!/usr/bin/env python3
"""Rebuilds the small Office fixtures of tests/unit/test_filetype.c.

Each is a deflated zip as python3's zipfile writes it, with the entries
(and for ODF the stored "mimetype" entry first) that Office and
LibreOffice put there, and fixed timestamps so that the bytes are the same
on every run:  cd tests/data/files && python3 make.py
"""
import zipfile

T = (2024, 1, 1, 0, 0, 0)
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/%s" ContentType="%s"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="%s"/></Relationships>')


def write(name, entries):
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
        for entry, data, method in entries:
            info = zipfile.ZipInfo(entry, T)
            info.compress_type = method
            z.writestr(info, data)


def ooxml(name, main, ctype, body):
    write(name, [('[Content_Types].xml', CT % (main, ctype), zipfile.ZIP_DEFLATED),
                 ('_rels/.rels', RELS % main, zipfile.ZIP_DEFLATED),
                 (main, body, zipfile.ZIP_DEFLATED)])


def odf(name, mime):
    write(name, [('mimetype', mime, zipfile.ZIP_STORED),
                 ('content.xml', '<?xml version="1.0"?><office:document-content '
                  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
                  zipfile.ZIP_DEFLATED),
                 ('META-INF/manifest.xml', '<?xml version="1.0"?><manifest:manifest '
                  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
                  zipfile.ZIP_DEFLATED)])


P = 'application/vnd.openxmlformats-officedocument.'
ooxml('sample.docx', 'word/document.xml', P + 'wordprocessingml.document.main+xml',
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
ooxml('sample.xlsx', 'xl/workbook.xml', P + 'spreadsheetml.sheet.main+xml',
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
ooxml('sample.pptx', 'ppt/presentation.xml', P + 'presentationml.presentation.main+xml',
      '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>')
odf('sample.odt', 'application/vnd.oasis.opendocument.text')
odf('sample.ods', 'application/vnd.oasis.opendocument.spreadsheet')
odf('sample.odp', 'application/vnd.oasis.opendocument.presentation')
write('plain.zip', [('laporan.txt', 'Laporan SPBE\n', zipfile.ZIP_DEFLATED)])
