// Package sav reads SPSS system files (.sav, and .zsav with zlib-compressed
// data) as documented in the GNU PSPP Developers Guide, chapter "System File
// Format" (https://www.gnu.org/software/pspp/pspp-dev/html_node/System-File-Format.html).
//
// Read takes the whole file: the header, the dictionary (variable records
// with their continuation records, value labels, documents, the extension
// records that carry long variable names, very long strings, the character
// encoding and long-string labels and missing values) and every case, in
// either layout (little- or big-endian, told by the layout code) and any of
// the three data encodings (uncompressed, bytecode, zlib). Strings come back
// as UTF-8, converted from the file's character encoding.
//
// A File keeps each variable's values as read: user-missing codes stay in
// the data (Variable.Missing says which they are) and the system-missing
// value is NaN. WriteCSV turns the file into the wide CSV pssa's loader
// reads, with both kinds of missing as empty cells.
//
// Every malformed input gives a *Error naming the byte offset and what was
// expected; counts read from the file are checked against the bytes left
// before anything is allocated.
package sav
