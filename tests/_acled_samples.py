"""Small invented ACLED-style CSV texts, one per export generation, for reader tests (no third-party rows)."""

from __future__ import annotations

HEADER_2023 = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
)
ROWS_2023 = [
    "XYZ101,2024-03-05,2024,1,Political violence,Violence against civilians,Attack,Unidentified Armed Group (Xland),,"
    "Political militia,Civilians (Xland),,Civilians,Political militia-Civilians,Civilian targeting,999,Eastern Africa,"
    'Xland,North,Hill District,,Mtown,1.2345,35.5,1,Local Paper,Local,"On 5 March 2024, gunmen attacked villagers in '
    'Mtown, killing 3.",3,,1710000000',
    "XYZ102,2024-03-06,2024,2,Demonstrations,Protests,Peaceful protest,Protesters (Xland),Teachers (Xland),Protesters,"
    ",,,Protesters only,,999,Eastern Africa,Xland,North,,,Ntown,-1.5,36.25,2,Radio X,National,"
    '"Teachers marched in Ntown, demanding pay.",0,crowd size=no report,1710000001',
]

HEADER_2019 = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3"
)
ROWS_2019 = [
    "555,999,XYZ201,201,12 May 2019,2019,1,Battles,Armed clash,Military Forces of Xland (2010-),,1,Rebels of Xland,,"
    '2,12,Eastern Africa,Xland,South,Lake,,Ptown,-3.25,37.0,1,Daily X,National,"Soldiers and rebels clashed near '
    'Ptown.",4,1560000000,XLD',
    "556,999,XYZ202,202,13 May 2019,2019,1,Riots,Mob violence,Rioters (Xland),,5,Civilians (Xland),,7,57,"
    'Eastern Africa,Xland,South,,,Qtown,-3.5,37.5,2,Daily X,National,"A mob beat a man in Qtown.",1,1560000001,XLD',
]

HEADER_PRE2019 = (
    "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,"
    "ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,"
    "SOURCE,NOTES,FATALITIES"
)
ROWS_PRE2019 = [
    "501,XYZ301,301,01/02/2015,2015,1,Battle-No change of territory,Military Forces of Xland,,1,Rebels of Xland,,2,12,"
    'Xland,East,,,Rtown,2.5,30.5,1,Wire,"Troops fought rebels at Rtown.",2',
    "501,XYZ302,302,03/02/2015,2015,1,Riots/Protests,Rioters (Xland),,5,Police Forces of Xland,,1,15,"
    'Xland,East,,,Stown,2.75,30.25,1,Wire,"Rioters threw stones at police.",0',
    "501,XYZ303,303,04/02/2015,2015,1,Battle-Non-state actors overtake territory,Rebels of Xland,,2,"
    'Military Forces of Xland,,1,12,Xland,East,,,Ttown,2.8,30.1,1,Wire,"Rebels took Ttown.",5',
]


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"
