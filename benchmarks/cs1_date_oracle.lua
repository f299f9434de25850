-- Runs Module:Citation/CS1/Date validation (and the date part of the main module's flow) on
-- citation dates read from stdin, one citation a line: tab-separated key=value pairs with the
-- module's parameter names (date, year, publication-date, access-date, archive-date,
-- doi-broken-date, pmc-embargo-date).  Prints, per line, the parameters in err_bad_date
-- separated by "|" (and "MISMATCH" when |year= / |date= disagree).  Written for wikibox's
-- benchmark; the module itself is read from the directory given as arg[1].
-- usage: lua5.1 cs1_date_oracle.lua DIR TODAY(YYYY-MM-DD) < cases.tsv

local dir, today = arg[1], arg[2]
local ty, tm, td = today:match ('(%d+)-(%d+)-(%d+)')

local function utc (y, m, d)  -- seconds since 1970-01-01 of a UTC midnight (proleptic Gregorian)
	y, m, d = tonumber (y), tonumber (m), tonumber (d)
	if m <= 2 then y = y - 1; m = m + 12 end
	local days = 365 * y + math.floor (y / 4) - math.floor (y / 100) + math.floor (y / 400)
		+ math.floor ((153 * (m - 3) + 2) / 5) + d - 719469
	return days * 86400
end

local lang = {}
function lang:formatDate (format, date)
	if date == 'today + 2 days' then return tostring (utc (ty, tm, td) + 2 * 86400) end
	local y, m, d = date:match ('^(%d+)-(%d+)-(%d+)$')
	if not y then error ('bad date') end
	return tostring (utc (y, m, d))
end
function lang:parseFormattedNumber (s) return tonumber (s) end
function lang:getCode () return 'en' end
function lang:formatNum (n) return tostring (n) end

-- A Unicode-aware enough ustring: the date patterns use ASCII classes plus the en dash, which
-- Lua's byte patterns would read as three characters; it becomes one byte (\1) in pattern and
-- text while matching and is put back in the captures.
local DASH, MARK = '\226\128\147', '\1'
local function pack (s) return (s:gsub (DASH, MARK)) end
local function unpack_all (...)
	local out = {...}
	for i, v in ipairs (out) do if type (v) == 'string' then out[i] = v:gsub (MARK, DASH) end end
	return unpack (out)
end
local function umatch (s, pattern, init) return unpack_all (string.match (pack (s), pack (pattern), init)) end
local function ugsub (s, pattern, repl, n)
	local out, count = string.gsub (pack (s), pack (pattern), type (repl) == 'string' and pack (repl) or repl, n)
	return (out:gsub (MARK, DASH)), count
end
local function ugmatch (s, pattern)
	local iter = string.gmatch (pack (s), pack (pattern))
	return function () return unpack_all (iter ()) end
end
mw = {
	getContentLanguage = function () return lang end,
	language = {getContentLanguage = function () return lang end, fetchLanguageNames = function () return {} end},
	site = {talkNamespaces = {}, server = '//localhost', interwikiMap = function () return {} end},
	title = {getCurrentTitle = function () return {namespace = 10} end},
	text = {trim = function (s) return (s:gsub ('^%s*(.-)%s*$', '%1')) end, split = function () return {} end},
	ustring = {match = umatch, gsub = ugsub, gmatch = ugmatch, lower = string.lower},
	getCurrentFrame = function () return {} end,
	ext = {},
}
os.date = function (format) if format == '%Y' then return ty end return today end

local cfg = dofile (dir .. '/Module-Citation-CS1-Configuration.lua')
local validation = dofile (dir .. '/Module-Citation-CS1-Date_validation.lua')
local function is_set (v) return v ~= nil and v ~= '' end
validation.set_selected_modules (cfg, {
	add_prop_cat = function () end,
	is_set = is_set,
	in_array = function (needle, haystack)
		for _, v in ipairs (haystack) do if v == needle then return true end end
		return false
	end,
	set_message = function () end,
	substitute = function (msg) return 'MISMATCH' end,
	wrap_style = function (_, name) return name end,
})

for line in io.lines () do
	local args = {}
	for field in (line .. '\t'):gmatch ('([^\t]*)\t') do
		local k, v = field:match ('^([^=]+)=(.*)$')
		if k then args[k] = (v:gsub ('^%s*(.-)%s*$', '%1')) end
	end
	local Date, Year, PublicationDate = args['date'], args['year'], args['publication-date']
	local Date_origin = 'date'
	if not is_set (Date) then
		Date = Year; Year = nil
		if not is_set (Date) and is_set (PublicationDate) then
			Date = PublicationDate; PublicationDate = ''; Date_origin = 'publication-date'
		else
			Date_origin = 'year'
		end
	end
	if PublicationDate == Date then PublicationDate = '' end
	local list = {
		['access-date'] = {val = args['access-date'], name = 'access-date'},
		['archive-date'] = {val = args['archive-date'], name = 'archive-date'},
		['date'] = {val = Date, name = Date_origin},
		['doi-broken-date'] = {val = args['doi-broken-date'], name = 'doi-broken-date'},
		['pmc-embargo-date'] = {val = args['pmc-embargo-date'], name = 'pmc-embargo-date'},
		['publication-date'] = {val = PublicationDate, name = 'publication-date'},
		['year'] = {val = Year, name = 'year'},
	}
	local errors = {}
	local ok, err = pcall (validation.dates, list, {}, errors)
	if ok and is_set (Year) and is_set (Date) then
		ok, err = pcall (validation.year_date_check, Year, 'year', Date, Date_origin, errors)
	end
	if not ok then
		print ('LUAERROR ' .. tostring (err):gsub ('\n', ' '))
	else
		table.sort (errors)
		print (table.concat (errors, '|'))
	end
end
