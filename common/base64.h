/* virt-p2v toolkit
 * Copyright (C) 2026 The virt-p2v toolkit authors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* Base64 (RFC 4648) written in-process: secrets such as an SSH
 * identity are embedded in generated files without ever passing
 * through another program's argv or environment.
 */

#ifndef P2V_BASE64_H
#define P2V_BASE64_H

#include <stddef.h>
#include <stdio.h>

/* Write data as base64 to fp, in lines of line_len characters (a
 * multiple of 4; 0 for one line), each ended by a newline.  Nothing
 * is written for len == 0.  Returns -1 with errno set if fp fails.
 */
extern int base64_write (FILE *fp, const void *data, size_t len,
                         size_t line_len);

#endif /* P2V_BASE64_H */
